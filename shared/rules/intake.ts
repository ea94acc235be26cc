/**
 * Rules for residents' topics (码上议), shared by the server's schemas and the resident's form,
 * which uses them as native constraint attributes so its page needs no validation library.
 */
export const TITLE_MIN = 4;
export const TITLE_MAX = 60;
export const DETAILS_MAX = 2000;
export const LOCATION_MAX = 100;
export const NAME_MAX = 20;
export const MAX_PHOTOS = 3;
/** Per photo, after the browser has downscaled it (the form aims at ~300 KB). */
export const PHOTO_MAX_BYTES = 4 * 1024 * 1024;
export const MOBILE_PATTERN = '^1[3-9][0-9]{9}$';

export const DEFAULT_CATEGORIES = [
  '道路交通',
  '环境卫生',
  '养老助老',
  '产业发展',
  '矛盾纠纷',
  '公共设施',
  '其他',
] as const;

/** Receipt and intake codes avoid characters people confuse when reading them aloud (0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 8;
export const INTAKE_CODE_LENGTH = 6;
/** The public board's short address, /b/<code>. */
export const BOARD_CODE_LENGTH = 6;

/** Normalises a typed receipt: upper case, no spaces or dashes. */
export const normaliseCode = (raw: string) => raw.toUpperCase().replace(/[\s-]/g, '');

/** Shows a receipt in two groups of four, easier to read over the phone. */
export const formatReceipt = (receipt: string) =>
  receipt.length === 8 ? `${receipt.slice(0, 4)}-${receipt.slice(4)}` : receipt;

/** Character bigrams: Chinese has no spaces, so words are not a usable unit for similarity. */
function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '')];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]!);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Dice coefficient over character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** Above this, a new title is offered the existing topic to co-sign instead. */
export const SIMILARITY_THRESHOLD = 0.3;

export const TOPIC_STATUSES = ['received', 'under_review', 'accepted', 'merged', 'declined', 'referred'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** Statuses a topic can still be acted on from. */
export const OPEN_STATUSES: readonly TopicStatus[] = ['received', 'under_review'];
