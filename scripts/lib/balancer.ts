import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

/**
 * A small load balancer for trying several instances on one machine (`npm run cluster`, and
 * the cluster tests): plain HTTP and WebSocket upgrades, written on node:http and node:net so
 * it needs no package. Production uses nginx (README, "Several instances").
 *
 * - Requests and Socket.IO connections go round-robin: the client uses WebSocket only, so no
 *   sticky sessions are needed.
 * - Yjs connections (`/yjs/<doc>`) go to the instance chosen by a hash of the document name, so
 *   everyone editing one document meets on one instance.
 * - A backend that refuses a connection is skipped for a few seconds and the request tries the
 *   next one; requests are sent only once their connection is up, so a retry never resends a
 *   half-read body.
 */
export function createBalancer(backends: string[], options: { downForMs?: number } = {}): http.Server {
  const targets = backends.map((b) => {
    const u = new URL(b);
    return { host: u.hostname, port: Number(u.port), downUntil: 0 };
  });
  const downForMs = options.downForMs ?? 2_000;
  let next = 0;

  /** Backends in the order to try: the preferred one first, those marked down last. */
  const order = (url: string | undefined): typeof targets => {
    const doc = /^\/yjs\/([^?]+)/.exec(url ?? '')?.[1];
    const first = doc
      ? createHash('sha1').update(doc).digest().readUInt32BE(0) % targets.length
      : next++ % targets.length;
    const rotated = [...targets.slice(first), ...targets.slice(0, first)];
    const now = Date.now();
    return [...rotated.filter((t) => t.downUntil <= now), ...rotated.filter((t) => t.downUntil > now)];
  };
  const forwarded = (req: http.IncomingMessage) => {
    const client = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    return {
      'x-forwarded-for': prior ? `${String(prior)}, ${client}` : client,
      'x-forwarded-proto': 'http',
      'x-forwarded-host': req.headers.host ?? '',
    };
  };

  const server = http.createServer((req, res) => {
    const candidates = order(req.url);
    const attempt = (i: number) => {
      const target = candidates[i];
      if (!target) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'unavailable', message: 'No instance is reachable.' } }));
        return;
      }
      const upstream = http.request({
        host: target.host,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, ...forwarded(req) },
        // A fresh connection per request, so "connected" below always fires before the body is sent.
        agent: false,
      });
      let connected = false;
      upstream.on('socket', (socket) =>
        socket.once('connect', () => {
          connected = true;
          req.pipe(upstream);
        }),
      );
      upstream.on('response', (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!connected) {
          target.downUntil = Date.now() + downForMs;
          attempt(i + 1);
        } else if (!res.headersSent) {
          res.writeHead(502).end();
        } else {
          res.destroy();
        }
      });
    };
    attempt(0);
  });

  server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const candidates = order(req.url);
    client.on('error', () => client.destroy());
    const attempt = (i: number) => {
      const target = candidates[i];
      if (!target) return client.destroy();
      const upstream = net.connect(target.port, target.host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        const headers: string[] = [];
        for (let h = 0; h < req.rawHeaders.length; h += 2) {
          const name = req.rawHeaders[h]!;
          if (!/^x-forwarded-/i.test(name)) headers.push(`${name}: ${req.rawHeaders[h + 1]}`);
        }
        for (const [name, value] of Object.entries(forwarded(req))) headers.push(`${name}: ${value}`);
        upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => {
        if (connected) return client.destroy();
        target.downUntil = Date.now() + downForMs;
        attempt(i + 1);
      });
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    attempt(0);
  });
  return server;
}
