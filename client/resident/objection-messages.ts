/**
 * Messages of the residents' objection pages (/p/<code>/objections, /o/<receipt>), registered when
 * one of them loads (each imports this module first): the matters' kinds and publications and the
 * form, from the one catalogue the public board shares with them.
 */
import { procedurePublic } from '../../shared/i18n/messages/procedure-public.js';
import { addCatalogues } from '../i18n/index.js';

addCatalogues([procedurePublic]);
