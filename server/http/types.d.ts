import type { Locale } from '../../shared/roles.js';
import type { ResolvedSession } from '../services/sessions.js';

declare global {
  namespace Express {
    interface Request {
      /** The staff session behind the cookie, resolved once per request; null for residents and the public. */
      auth: ResolvedSession | null;
      locale: Locale;
      id: string | number | object;
    }
  }
}
export {};
