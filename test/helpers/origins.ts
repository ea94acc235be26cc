import { io } from 'socket.io-client';
import WebSocket from 'ws';

/**
 * Handshakes as a browser on some page would make them: the page's `Origin` (or none, as a
 * script does) and the session cookie the browser sends along. Issue 14, finding 1.
 */
export type HandshakeOutcome =
  { kind: 'open' } | { kind: 'refused'; status: number; body: string } | { kind: 'closed'; code: number };

/** A raw WebSocket upgrade to `path` (a Yjs document, or Socket.IO's websocket transport). */
export function upgrade(url: string, path: string, headers: Record<string, string>): Promise<HandshakeOutcome> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + path, { headers });
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => undefined);
    ws.on('message', () => {
      resolve({ kind: 'open' });
      ws.close();
    });
    ws.on('close', (code) => resolve({ kind: 'closed', code }));
  });
}

export const yjsHandshake = (url: string, doc: string, headers: Record<string, string>) =>
  upgrade(url, `/yjs/${doc}`, headers);

/** Socket.IO's own WebSocket handshake (the browser client uses WebSocket only). */
export const socketHandshake = (url: string, headers: Record<string, string>) =>
  upgrade(url, '/socket.io/?EIO=4&transport=websocket', headers);

/** A Socket.IO client sending `headers` on its handshake; resolves connected or with the refusal. */
export async function socketClient(url: string, headers: Record<string, string>) {
  const socket = io(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
  return { socket, connected };
}

/** Headers of a browser on `origin` (undefined: no Origin at all) holding `cookie`. */
export const from = (origin: string | undefined, cookie: string): Record<string, string> => ({
  ...(cookie ? { cookie } : {}),
  ...(origin === undefined ? {} : { origin }),
});
