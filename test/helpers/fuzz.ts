import fc from 'fast-check';
import * as z from 'zod';
import { ERROR_CODES } from '../../shared/error-codes.js';

/**
 * fast-check arbitraries for throwing bad input at the server: values that are wrong in type,
 * size and encoding, and values shaped like what a route expects (generated from its zod
 * schema), so validation is passed often enough to reach the services behind it.
 */

/** Keys that have broken JavaScript servers before. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** Strings worth trying anywhere a string goes. */
export const EVIL_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000abc',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\u200B\u200C\u200D\uFEFF',
  'e\u0301\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦'.repeat(20),
  '𠀀𪚥',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE users; --",
  '%00',
  '%E0%A4%A',
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '{{7*7}}',
  '${7*7}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '0x10',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  ...POLLUTION_KEYS,
];

export const EVIL_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MAX_VALUE,
  1e-300,
];

const evilString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EVIL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.nat({ max: 120_000 }).map((n) => '议'.repeat(n)) },
);

/** Nesting as deep as a socket payload can carry (JSON.stringify itself overflows past a few thousand). */
export const deepValue = fc.tuple(fc.integer({ min: 50, max: 1_500 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

/** Nesting as deep as a 100 KB body allows, as JSON text (too deep to build as a value and stringify). */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 1_000, max: 45_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `{"title":${'['.repeat(depth)}${']'.repeat(depth)}}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Any JSON value, biased towards the nasty ones. */
export const evilJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: evilString },
    { weight: 2, arbitrary: fc.constantFrom(...EVIL_NUMBERS) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 5 }) },
    { weight: 3, arbitrary: tie('object') },
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 12 })), tie('value'), {
    maxKeys: 5,
  }),
})).value;

export const anyValue = fc.oneof({ weight: 8, arbitrary: evilJson }, { weight: 1, arbitrary: deepValue });

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

/** Integers near the low end hit rows that exist; the rest of the range finds what does not. */
function integerArb(s: JsonSchema): fc.Arbitrary<number> {
  const min = Math.max(-(2 ** 31), s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000));
  const max = Math.min(
    2 ** 31 - 1,
    s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 2 ** 31 - 1),
  );
  if (min > max) return fc.constant(min);
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min, max: Math.min(max, min + 40) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time' || s.format === 'datetime')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 1_000));
    } catch {
      // A pattern fast-check cannot generate from: fall through to plain strings.
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 200));
  return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'议事村民代表abcXYZ019 -_.') });
}

/** A value that satisfies (most of) a JSON schema. */
export function fromSchema(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return evilJson;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const choices = s.anyOf ?? s.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => fromSchema(c, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return integerArb(s);
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fromSchema(s.items, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 5, 5),
      });
    case 'object': {
      const props = Object.entries(s.properties ?? {});
      const required = new Set(s.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of props) record[k] = fromSchema(v, depth + 1);
      return fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
    }
    default:
      return evilJson;
  }
}

/**
 * A value for a schema: mostly well-shaped, sometimes with one field replaced by something
 * evil, an extra (pollution) key, or a required key missing — or nothing like it at all.
 */
export function aroundSchema(schema: z.core.$ZodType | undefined): fc.Arbitrary<unknown> {
  if (!schema) return anyValue;
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return anyValue;
  }
  const shaped = fromSchema(json);
  const mutated = fc
    .tuple(shaped, fc.constantFrom(...POLLUTION_KEYS, 'extra'), anyValue, fc.nat())
    .map(([v, key, evil, n]) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return evil;
      const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(copy);
      switch (n % 3) {
        case 0:
          if (keys.length) copy[keys[n % keys.length]!] = evil;
          break;
        case 1:
          Object.defineProperty(copy, key, { value: evil, enumerable: true, configurable: true, writable: true });
          break;
        default:
          if (keys.length) delete copy[keys[n % keys.length]!];
      }
      return copy;
    });
  return fc.oneof(
    { weight: 4, arbitrary: shaped },
    { weight: 3, arbitrary: mutated },
    { weight: 2, arbitrary: anyValue },
  );
}

/** The standard error body: `{ error: { code, message, details? } }` with a known code and a message. */
export function isStandardError(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return (
    !!e &&
    typeof e.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(e.code) &&
    typeof e.message === 'string' &&
    e.message.length > 0
  );
}
