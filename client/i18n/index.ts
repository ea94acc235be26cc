import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Catalogue } from '../../shared/i18n/catalogue.js';
import { isLocale, mergeCatalogues, translateIn, type Messages, type Params } from '../../shared/i18n/translator.js';
import { DEFAULT_LOCALE, type Locale } from '../../shared/roles.js';

const STORAGE_KEY = 'yishi.locale';
/** Read by the server for error messages before login (server/http/middleware.ts). */
const COOKIE = 'yishi_lang';
const listeners = new Set<() => void>();

function storedLocale(): Locale | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : null;
  } catch {
    // Some in-app browsers block storage; the language then follows the browser.
    return null;
  }
}

// Chinese first unless someone chose otherwise: a phone's system language is no guide here.
let current: Locale = storedLocale() ?? DEFAULT_LOCALE;
document.documentElement.lang = current;

export const locale = (): Locale => current;

/** True when someone chose a language on this device (not just inherited from the browser). */
export const hasChosenLocale = (): boolean => storedLocale() !== null;

let messages: Messages = { 'zh-CN': {}, en: {} };

/**
 * Each bundle names the message files it carries (client/app/messages.ts, client/resident/
 * messages.ts) before any element renders: the residents' bundle stays small by leaving the
 * staff pages' messages out.
 */
export function useCatalogues(catalogues: readonly Catalogue[]): void {
  messages = mergeCatalogues(catalogues);
}

/** Adds the messages of a lazily loaded page, before it first renders. */
export function addCatalogues(catalogues: readonly Catalogue[]): void {
  const more = mergeCatalogues(catalogues);
  messages = { 'zh-CN': { ...messages['zh-CN'], ...more['zh-CN'] }, en: { ...messages.en, ...more.en } };
}

/** Translates through the bundle's catalogue in the current language. */
export const t = (key: string, params?: Params): string => translateIn(messages, current, key, params);

/** Whether the bundle has a message for a key (e.g. a timeline step added by a newer server). */
export const hasMessage = (key: string): boolean => key in messages[current] || key in messages[DEFAULT_LOCALE];

/**
 * Switches language everywhere: remembered on this device (localStorage), sent to the server for
 * its error messages (cookie), set on <html lang> for screen readers, and re-rendered by every
 * LocaleController host.
 */
export function setLocale(next: Locale, options: { remember?: boolean } = {}): void {
  if (options.remember ?? true) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not fatal: the cookie still carries the choice to the server.
    }
  }
  document.cookie = `${COOKIE}=${next}; path=/; SameSite=Lax; max-age=31536000`;
  if (next === current) return;
  current = next;
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export function onLocaleChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLocaleChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
