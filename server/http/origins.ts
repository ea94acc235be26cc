import type http from 'node:http';
import type { Config } from '../config.js';

/**
 * Cross-site WebSocket hijacking (issue 14, finding 1). A WebSocket is not bound by the
 * same-origin policy, and the session cookie is SameSite=Lax, which a page on another port of
 * the same host is "same site" for: without this check such a page opened Socket.IO as the
 * logged-in convener and drove the hall, and read the minutes over /yjs/. Browsers always send
 * `Origin` on a WebSocket handshake and a page cannot forge it, so the handshake is refused
 * unless it comes from one of the service's own origins:
 * - PUBLIC_URL's origin, and YISHI_ALLOWED_ORIGINS (other names the proxy answers to);
 * - loopback on the port the connection arrived on (`http://localhost:3000` on the machine
 *   itself, which is how `npm start` and the browser tests open it; a page on another port is
 *   still refused).
 * A handshake without `Origin` is not a browser's (a script, the tests' clients, a monitoring
 * probe): it carries no ambient authority beyond the credentials it sends itself, so it passes
 * here and meets the same session and token checks as everyone. `Origin: null` (sandboxed frames,
 * file: pages) is a browser's and is refused.
 */
export function originAllowed(
  config: Pick<Config, 'publicUrl' | 'allowedOrigins'>,
  req: http.IncomingMessage,
): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  if (normalised === 'null') return false;
  if (normalised === new URL(config.publicUrl).origin || config.allowedOrigins.includes(normalised)) return true;
  const port = req.socket.localPort;
  return port !== undefined && loopbackOrigins(port).includes(normalised);
}

const loopbackOrigins = (port: number) =>
  ['localhost', '127.0.0.1', '[::1]'].map((host) => `http://${host}${port === 80 ? '' : `:${port}`}`);
