import { procedure } from '../../../shared/i18n/messages/procedure.js';
import { procedurePublic } from '../../../shared/i18n/messages/procedure-public.js';
import { meetingUi } from '../../../shared/i18n/messages/meeting-ui.js';
import { meeting } from '../../../shared/i18n/messages/meeting.js';
import { vote } from '../../../shared/i18n/messages/vote.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of 四议两公开: matters, their stages, the township's view.
 * ./procedures.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([procedure, procedurePublic, meetingUi, meeting, vote]);
