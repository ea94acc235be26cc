/**
 * Messages of the residents' pages other than the form, registered when one of those pages loads
 * (each imports this module first).
 */
import { residentPages } from '../../shared/i18n/messages/resident-pages.js';
import { resolution } from '../../shared/i18n/messages/resolution.js';
import { resolutionResident } from '../../shared/i18n/messages/resolution-resident.js';
import { cosign } from '../../shared/i18n/messages/cosign.js';
import { addCatalogues } from '../i18n/index.js';

addCatalogues([residentPages, resolution, resolutionResident, cosign]);
