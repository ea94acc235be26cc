import { DEFAULT_LOCALE, type Locale } from '../roles.js';
import type { Catalogue } from './catalogue.js';
import { mergeCatalogues, translateIn, type Params } from './translator.js';
import { errors } from './messages/errors.js';
import { common } from './messages/common.js';
import { shell } from './messages/shell.js';
import { admin } from './messages/admin.js';
import { intake } from './messages/intake.js';
import { meeting } from './messages/meeting.js';
import { reception } from './messages/reception.js';
import { resident } from './messages/resident.js';
import { residentPages } from './messages/resident-pages.js';
import { review } from './messages/review.js';
import { receptionDesk } from './messages/reception-desk.js';
import { meetingUi } from './messages/meeting-ui.js';
import { hallMessages } from './messages/hall.js';
import { minutes } from './messages/minutes.js';
import { vote } from './messages/vote.js';
import { resolution } from './messages/resolution.js';
import { resolutionResident } from './messages/resolution-resident.js';
import { resolutionUi } from './messages/resolution-ui.js';
import { stats } from './messages/stats.js';
import { cosign } from './messages/cosign.js';
import { procedure } from './messages/procedure.js';
import { procedurePublic } from './messages/procedure-public.js';
import { register } from './messages/register.js';
import { checkin } from './messages/checkin.js';
import { meetingBody } from './messages/meeting-body.js';

/**
 * The whole catalogue, merged from one file per area. Server (error messages) and client
 * (every visible string) translate through `translate`; test/unit/i18n.test.ts fails when
 * a key exists in one language only, or a code in shared/error-codes.ts has no message.
 */
export const CATALOGUES: Catalogue[] = [
  errors,
  common,
  shell,
  admin,
  intake,
  meeting,
  reception,
  // Issue 3/4 user interface.
  resident,
  residentPages,
  review,
  receptionDesk,
  meetingUi,
  hallMessages,
  minutes,
  vote,
  resolution,
  resolutionResident,
  resolutionUi,
  stats,
  cosign,
  procedure,
  procedurePublic,
  register,
  checkin,
  meetingBody,
];

const merged = mergeCatalogues(CATALOGUES);
export const MESSAGES: Readonly<Record<Locale, Readonly<Record<string, string>>>> = merged;

export type { Params };
export { isLocale } from './translator.js';

/** Looks a key up in the locale, falls back to Chinese, then to the key itself (visible in tests). */
export function translate(locale: Locale, key: string, params?: Params): string {
  return translateIn(merged, locale, key, params);
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
