import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient, printSizes } from './build-client.js';
import { buildServer } from './build-server.js';

/**
 * `npm run build` (and the first half of `npm start`): the client into dist/client and the server
 * into dist/server, in parallel, then each client entry's files and page chunks with their sizes.
 */
export async function build(): Promise<void> {
  const started = Date.now();
  const [client] = await Promise.all([buildClient(), buildServer()]);
  console.log(`client and server built in ${Date.now() - started} ms`);
  if (!process.argv.includes('--quiet')) printSizes(client);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await build();
