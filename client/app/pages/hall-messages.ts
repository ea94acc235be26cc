import { hallMessages } from '../../../shared/i18n/messages/hall.js';
import { meeting } from '../../../shared/i18n/messages/meeting.js';
import { vote } from '../../../shared/i18n/messages/vote.js';
import { meetingUi } from '../../../shared/i18n/messages/meeting-ui.js';
import { minutes } from '../../../shared/i18n/messages/minutes.js';
import { checkin } from '../../../shared/i18n/messages/checkin.js';
import { addCatalogues } from '../../i18n/index.js';

/**
 * The messages of the hall: projector, phones, check-in.
 * ./hall.ts imports this before the pages, so they render translated from the first paint.
 */
addCatalogues([hallMessages, meeting, vote, meetingUi, minutes, checkin]);
