import { runCli } from './program.js';

/** Entry of `npm run yishi -- <command>` (see program.ts); exits with the command's code. */
const code = await runCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).catch((err: unknown) => {
  process.stderr.write(`yishi: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
// Flushed before exiting: a pipe (| jq) must get the whole JSON document.
process.stdout.write('', () => process.exit(code));
