import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A real y-websocket provider in Node, sending the given cookie on the upgrade like a browser would. */
export function connectDoc(
  url: string,
  docName: string,
  cookie: string,
): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void>; close(): void } {
  const doc = new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + '/yjs', docName, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
  });
  // Destroying the doc also stops its awareness timer, which would otherwise keep the test process alive.
  const close = () => {
    provider.destroy();
    doc.destroy();
  };
  return { doc, provider, synced, close };
}

export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
