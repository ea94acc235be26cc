import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '../../shared/roles.js';
import type { SessionUser, SessionView } from '../../shared/schemas/session.js';
import { ApiError, onUnauthenticated, request, setCsrfToken } from './api.js';

type Listener = (user: SessionUser | null) => void;
const listeners = new Set<Listener>();
let current: SessionUser | null = null;

function set(user: SessionUser | null, csrfToken?: string | null): SessionUser | null {
  current = user;
  if (csrfToken !== undefined) setCsrfToken(csrfToken);
  for (const fn of listeners) fn(current);
  return current;
}

/** The signed-in user, or null. */
export const currentUser = (): SessionUser | null => current;

export function onSessionChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * The server's readable hint that this browser holds a session (the session cookie itself is
 * HttpOnly): without it nobody is signed in, and public pages do not ask.
 */
const SIGNED_IN = 'yishi_signed_in';
const hintedSignedIn = (): boolean => document.cookie.split(/;\s*/).includes(`${SIGNED_IN}=1`);

/** Loads the session behind the cookie; null when not logged in. */
export async function getSession(): Promise<SessionUser | null> {
  if (!hintedSignedIn()) return set(null, null);
  try {
    const view = await request<SessionView>('GET', '/api/session');
    return set(view.user, view.csrfToken);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      // The session ended since the page loaded: drop the stale hint so the next page does not ask.
      document.cookie = `${SIGNED_IN}=; Max-Age=0; path=/`;
      return set(null, null);
    }
    throw err;
  }
}

export async function login(username: string, password: string): Promise<SessionUser> {
  const view = await request<SessionView>('POST', '/api/session', { username, password });
  return set(view.user, view.csrfToken)!;
}

/** Ends this session, or with `everywhere` every session of the user. */
export async function logout(options: { everywhere?: boolean } = {}): Promise<void> {
  try {
    await request('DELETE', `/api/session${options.everywhere ? '?everywhere=1' : ''}`);
  } catch (err) {
    // Already logged out on the server (expired, ended elsewhere): the outcome is the same.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  set(null, null);
}

/** The server ended this session (logout elsewhere, account disabled, expiry). */
export const forgetSession = (): void => {
  if (current) set(null, null);
};

// Any request that finds the session gone sends the user back to the login page.
onUnauthenticated(forgetSession);

export async function updateMe(body: { locale?: Locale; displayName?: string }): Promise<SessionUser> {
  return set(await request<SessionUser>('PATCH', '/api/me', body))!;
}

/** Changing the password ends the user's other sessions; this one stays. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request('POST', '/api/me/password', { currentPassword, newPassword });
}

/** Re-renders its host when someone logs in or out; `user` is the current session's user. */
export class SessionController implements ReactiveController {
  private off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  get user(): SessionUser | null {
    return current;
  }
  hostConnected(): void {
    this.off = onSessionChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
