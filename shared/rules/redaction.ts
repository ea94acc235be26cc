/**
 * What the public board must never show of a resident (阳光村务 without exposing anyone): phone
 * numbers in any form, and the names of residents who raised matters privately. Applied to every
 * string of published minutes — typed text, vote lines, header fields.
 */

/** Full-width digits (０-９) are one UTF-16 unit like ASCII digits, so indices survive the mapping. */
const asciiDigits = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/**
 * Mainland mobiles (11 digits from 13–19, optionally +86 and spaced or dashed as people write
 * them: 138 1234 5678, 138-1234-5678), landlines with an area code (0571-8888 1234) and
 * 400/800 service numbers. Not inside longer digit runs, so amounts and ID-like numbers in the
 * text are not mangled.
 */
const PHONE_PATTERNS: RegExp[] = [
  /(?<!\d)(?:(?:\+|00)\s?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g,
  /(?<!\d)0\d{2,3}[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)/g,
  /(?<!\d)[48]00[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g,
];

export function redactPhones(text: string, replacement: string): string {
  const normalised = asciiDigits(text);
  const spans: [number, number][] = [];
  for (const pattern of PHONE_PATTERNS) {
    for (const m of normalised.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  }
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

/** A name shorter than two characters would blank out ordinary words (王, 李 are also words). */
export const MIN_REDACTED_NAME = 2;

/** Replaces every occurrence of the given names, longest first so "王小明" wins over "王小". */
export function redactNames(text: string, names: Iterable<string>, replacement: string): string {
  const list = [...new Set([...names].map((n) => n.trim()).filter((n) => [...n].length >= MIN_REDACTED_NAME))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const name of list) out = out.split(name).join(replacement);
  return out;
}

export interface Redaction {
  names: Iterable<string>;
  phone: string;
  name: string;
}

export const redactText = (text: string, r: Redaction): string =>
  redactPhones(redactNames(text, r.names, r.name), r.phone);

/**
 * Applies `redactText` to every string inside a JSON value, except under the keys named in
 * `keep` (node types, timestamps, hashes: a SHA-256 in hex can contain eleven digits in a row).
 */
export function redactDeep<T>(value: T, r: Redaction, keep: readonly string[] = []): T {
  const rule = { ...r, names: [...r.names] };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, rule);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keep.includes(k) ? x : walk(x)]));
    return v;
  };
  return walk(value) as T;
}
