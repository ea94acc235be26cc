/**
 * The residents' pages, by URL (server/http/static.ts sends these prefixes to this bundle):
 * /p/<code> the intake form, /p/<code>/topics the accepted topics to co-sign, /t/<receipt>
 * tracking (/t/ alone asks for a receipt), /o/?code=<intake code> the major matters on display
 * to object to (&matter=<id> opens one), /o/<receipt> an objection's answer (/o/ alone asks),
 * /s/<code> taking a number at a studio, and /s/<code>/screen the studio's waiting-room screen.
 */
export type ResidentView =
  | { page: 'intake'; code: string }
  | { page: 'topics'; code: string }
  | { page: 'track'; receipt: string }
  | { page: 'objection'; receipt: string }
  | { page: 'studio'; code: string }
  | { page: 'screen'; code: string }
  | { page: 'none' };

const CODE = '([A-Za-z0-9-]{4,12})';
const PATTERNS: [RegExp, (m: string) => ResidentView][] = [
  [new RegExp(`^/p/${CODE}/?$`), (code) => ({ page: 'intake', code })],
  [new RegExp(`^/p/${CODE}/topics/?$`), (code) => ({ page: 'topics', code })],
  [new RegExp(`^/t/${CODE}/?$`), (receipt) => ({ page: 'track', receipt })],
  [/^\/t\/?$/, () => ({ page: 'track', receipt: '' })],
  // One entry for objecting and for the answer: this table is in the intake form's download.
  [new RegExp(`^/o(?:/${CODE})?/?$`), (receipt) => ({ page: 'objection', receipt })],
  [new RegExp(`^/s/${CODE}/?$`), (code) => ({ page: 'studio', code })],
  [new RegExp(`^/s/${CODE}/screen/?$`), (code) => ({ page: 'screen', code })],
];

export function residentView(pathname: string): ResidentView {
  for (const [re, make] of PATTERNS) {
    const m = re.exec(pathname);
    if (m) return make(m[1] ?? '');
  }
  return { page: 'none' };
}
