import { parse as parseCookies } from 'cookie';

/**
 * The cookies HTTP, Socket.IO and the Yjs upgrade all read. A leaf module on purpose: the Yjs
 * document hooks (server/collab/documents.ts) need the session cookie's name without importing
 * the route modules that import the services that build those hooks.
 */
export const SESSION_COOKIE = 'yishi_sid';
/** The language chosen before login; read for error messages (client/i18n sets it). */
export const LANG_COOKIE = 'yishi_lang';

export function readCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookies(header) : {};
}
