import { DEFAULT_LOCALE, LOCALES, type Locale } from '../roles.js';
import type { Catalogue } from './catalogue.js';

/**
 * The catalogue-agnostic half of i18n: merging message files and filling templates. Kept apart
 * from index.ts (which imports every message file) so a small bundle — the residents' pages —
 * can carry only the message files it uses.
 */
export type Params = Record<string, string | number>;
export type Messages = Record<Locale, Record<string, string>>;

export function mergeCatalogues(catalogues: readonly Catalogue[]): Messages {
  const merged: Messages = { 'zh-CN': {}, en: {} };
  for (const cat of catalogues) {
    for (const locale of LOCALES) Object.assign(merged[locale], cat[locale]);
  }
  return merged;
}

/** Looks a key up in the locale, falls back to Chinese, then to the key itself (visible in tests). */
export function translateIn(messages: Messages, locale: Locale, key: string, params?: Params): string {
  const template = messages[locale][key] ?? messages[DEFAULT_LOCALE][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
