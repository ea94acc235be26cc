/**
 * Pure rules of the village register (村民名册, issue 13): who is an adult on a date, which
 * statuses count as villagers, the representatives' meeting's legal composition, and the
 * normalisation of what village spreadsheets hold (full-width digits, phone numbers, ID numbers).
 * No Node or DOM imports: the server and the import wizard's preview share them.
 */

export const PERSON_STATUSES = ['resident', 'away', 'moved_out', 'deceased'] as const;
export type PersonStatusName = (typeof PERSON_STATUSES)[number];
export const GENDERS = ['female', 'male', 'unknown'] as const;
export type GenderName = (typeof GENDERS)[number];

/** Age at which a villager joins the villagers' assembly (村民会议: villagers aged 18 and over). */
export const ADULT_AGE = 18;

/**
 * Whether a person counts as an adult on `day` ('YYYY-MM-DD'). The one rule for every count the
 * register feeds — the assembly's entitled roll and quorum, the one-tenth demand threshold, the
 * register page. Registers usually keep only the year of birth, so a person counts from 1 January
 * of the year they turn 18. Without a year, the sheet's "adult" flag decides; with neither, the
 * person counts. Every doubt is resolved the same way, towards a larger denominator: a quorum or a
 * demand reached with one villager too many counted is also reached without them, never the
 * reverse, so an incomplete register can make a legal bar harder to reach but never easier.
 */
export function isAdultOn(birthYear: number | null, adultFlag: boolean | null, day: string): boolean {
  if (birthYear != null) return Number(day.slice(0, 4)) - birthYear >= ADULT_AGE;
  return adultFlag !== false;
}

/** Residents and those working away (外出务工) are villagers; moved out and deceased are not. */
export function countsAsVillager(status: PersonStatusName): boolean {
  return status === 'resident' || status === 'away';
}

export type CompositionWarning = 'representatives_below_four_fifths' | 'women_below_one_third';

/**
 * The representatives' meeting is the committee members plus the representatives, and the law
 * asks that representatives be at least four fifths of its members and women at least one third.
 * Integer cross-multiplication: "at least 4/5 of n" is 5·r ≥ 4·n, "at least 1/3" is 3·w ≥ n.
 */
export function representativesWarnings(counts: {
  members: number;
  representatives: number;
  women: number;
}): CompositionWarning[] {
  const out: CompositionWarning[] = [];
  if (counts.members === 0) return out;
  if (5 * counts.representatives < 4 * counts.members) out.push('representatives_below_four_fifths');
  if (3 * counts.women < counts.members) out.push('women_below_one_third');
  return out;
}

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space, as Chinese input methods type them, to ASCII. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Trims, makes full-width characters ASCII and squeezes inner whitespace (names keep no spaces). */
export function cleanCell(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/**
 * A mainland mobile number as the register stores it (11 digits), from what sheets hold:
 * full-width digits, spaces or dashes, a +86 / 0086 prefix. Null when it is not one.
 */
export function normaliseMobile(raw: string): string | null {
  let digits = toHalfWidth(raw).replace(/[\s\-–—()（）.]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * The most of an ID-card number the register may keep: its last four characters, only to tell
 * two people of the same name apart. Never store or log more.
 */
export function idSuffix(raw: string): string | null {
  const cleaned = toHalfWidth(raw)
    .replace(/[^0-9Xx]/g, '')
    .toUpperCase();
  return cleaned.length >= 4 ? cleaned.slice(-4) : null;
}

/** The year of birth an 18-digit ID number encodes (digits 7–10), when it is plausible. */
export function birthYearFromId(raw: string, today: string): number | null {
  const cleaned = toHalfWidth(raw).replace(/\s/g, '');
  if (!/^\d{17}[\dXx]$/.test(cleaned)) return null;
  const year = Number(cleaned.slice(6, 10));
  return plausibleBirthYear(year, today) ? year : null;
}

export function plausibleBirthYear(year: number, today: string): boolean {
  return Number.isInteger(year) && year >= 1900 && year <= Number(today.slice(0, 4));
}

/**
 * A year of birth from what a 出生年月 / 出生日期 cell holds: "1965", "1965-03", "1965.3",
 * "1965年3月", "19650312", full-width digits. Null when blank, undefined when unreadable.
 */
export function parseBirthYear(raw: string, today: string): number | null | undefined {
  const text = cleanCell(raw);
  if (!text) return null;
  const m = /^(\d{4})(?:$|[-./年]|\d{2}(?:\d{2})?$)/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  return plausibleBirthYear(year, today) ? year : undefined;
}

const TRUE_WORDS = new Set(['是', '√', '✓', 'y', 'yes', 'true', '1', '有', '中共党员', '党员', '代表', '成年']);
const FALSE_WORDS = new Set(['否', '×', 'x', 'n', 'no', 'false', '0', '无', '群众', '非', '未成年']);

/** 是/否 columns. Null when blank, undefined when unreadable. */
export function parseYesNo(raw: string): boolean | null | undefined {
  const text = cleanCell(raw).toLowerCase();
  if (!text) return null;
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  // A 政治面貌 column: 中共预备党员 attends the party members' assembly too.
  if (text.includes('党员')) return true;
  return undefined;
}

export function parseGender(raw: string): GenderName | undefined {
  const text = cleanCell(raw).toLowerCase();
  if (!text) return 'unknown';
  if (['女', 'f', 'female', '女性'].includes(text)) return 'female';
  if (['男', 'm', 'male', '男性'].includes(text)) return 'male';
  return undefined;
}

const STATUS_WORDS: Record<string, PersonStatusName> = {
  resident: 'resident',
  在村: 'resident',
  在家: 'resident',
  常住: 'resident',
  正常: 'resident',
  居住: 'resident',
  away: 'away',
  外出: 'away',
  外出务工: 'away',
  务工: 'away',
  外出务工经商: 'away',
  moved_out: 'moved_out',
  迁出: 'moved_out',
  已迁出: 'moved_out',
  deceased: 'deceased',
  死亡: 'deceased',
  已故: 'deceased',
  去世: 'deceased',
  已去世: 'deceased',
};

/** A status as sheets write it; blank means resident. Undefined when unreadable. */
export function parseStatus(raw: string): PersonStatusName | undefined {
  const text = cleanCell(raw).toLowerCase();
  if (!text) return 'resident';
  return STATUS_WORDS[text];
}

/** Relations (与户主关系) that mark the head of the household. */
export function isHeadRelation(relation: string | null): boolean {
  return relation != null && ['户主', '本人', 'head'].includes(cleanCell(relation));
}

/** FNV-1a, 32 bits, as 8 hex digits: short and stable, for keys too long to keep whole. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export const EXTERNAL_KEY_MAX = 64;

/**
 * The stable key a re-import updates a person by. A sheet's own 编号 wins; otherwise household,
 * name and the ID suffix: two people of one name in one household need the suffix (the issue's
 * reason to keep it at all), and the import reports them as duplicates until it is there.
 */
export function externalKey(input: {
  key?: string | null;
  household?: string | null;
  name: string;
  idSuffix?: string | null;
}): string {
  const own = input.key ? cleanCell(input.key) : '';
  // Exported sheets carry the key in 编号 verbatim, so a re-import of an export matches either way.
  const raw = own || `${cleanCell(input.household ?? '')}/${cleanCell(input.name)}/${input.idSuffix ?? ''}`;
  return raw.length <= EXTERNAL_KEY_MAX ? raw : `${raw.slice(0, EXTERNAL_KEY_MAX - 9)}~${fnv1a(raw)}`;
}

/** A household number as the register keeps it: cleaned, full-width digits made ASCII. */
export function householdNumber(raw: string): string {
  return cleanCell(raw).slice(0, 32);
}

/** 'YYYY-MM-DD' in China time: one definition, in the reception rules where it was first needed. */
export { chinaDate } from './reception.js';

/** A real calendar day written 'YYYY-MM-DD' (2026-02-30 is not one). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
