import type { Locale } from '../roles.js';

/** A message file holds both languages side by side, so a missing translation is easy to spot. */
export type Catalogue = Record<Locale, Record<string, string>>;
