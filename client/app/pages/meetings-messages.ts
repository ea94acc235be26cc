import { meetingUi } from '../../../shared/i18n/messages/meeting-ui.js';
import { meeting } from '../../../shared/i18n/messages/meeting.js';
import { admin } from '../../../shared/i18n/messages/admin.js';
import { hallMessages } from '../../../shared/i18n/messages/hall.js';
import { vote } from '../../../shared/i18n/messages/vote.js';
import { checkin } from '../../../shared/i18n/messages/checkin.js';
import { meetingBody } from '../../../shared/i18n/messages/meeting-body.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of preparing meetings and the convener’s console.
 * ./meetings.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([meetingUi, meeting, admin, hallMessages, vote, checkin, meetingBody]);
