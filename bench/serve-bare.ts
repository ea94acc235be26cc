import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';

/**
 * The baseline server for bench/fanout.ts: bare Socket.IO on a bare http.Server, nothing else
 * loaded (so its memory is Socket.IO's own). Clients join room "hall"; on "go" it broadcasts
 * the payload it was sent to the room. Reads "rss" on stdin → prints {"rssMb"}; EOF → exits.
 */
const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  void socket.join('hall');
  socket.on('go', (payload: unknown, ack: () => void) => {
    io.to('hall').emit('state', payload);
    ack();
  });
});
http.listen(0, '127.0.0.1', () =>
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` })),
);
createInterface({ input: process.stdin })
  .on('line', (l) => l === 'rss' && console.log(JSON.stringify({ rssMb: Math.round(process.memoryUsage().rss / 1e6) })))
  .on('close', () => process.exit(0));
