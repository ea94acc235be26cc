import { errors } from '../../shared/i18n/messages/errors.js';
import { intake } from '../../shared/i18n/messages/intake.js';
import { reception } from '../../shared/i18n/messages/reception.js';
import { resident } from '../../shared/i18n/messages/resident.js';

/**
 * The message files the residents' bundle carries from the start (the pages loaded on demand add
 * resident-pages.ts). Kept free of the DOM so test/unit/resident-bundle.test.ts can check that
 * every key the residents' pages use is among them.
 */
export const RESIDENT_CATALOGUES = [errors, intake, reception, resident];
