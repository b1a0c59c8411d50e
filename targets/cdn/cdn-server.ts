// Program entry of the CDN emulator: flags → startCdn → one ready line on stdout; SIGTERM/SIGINT → clean exit 0.
import { isUserError } from '../../harness/errors/user-error.ts';
import { CDN_USAGE, parseCdnArgs } from './cdn-args.ts';
import { resolveCdnConfig } from './cdn-config.ts';
import { startCdn } from './start-cdn.ts';

function fail(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`scaleladder-cdn: ${msg.split('\n')[0]}\n`);
  if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(isUserError(err) ? err.exitCode : 1);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCdnArgs(process.argv.slice(2), process.env);
    if (parsed !== 'help') resolveCdnConfig(parsed);
  } catch (err) {
    fail(err);
  }
  if (parsed === 'help') {
    process.stdout.write(`${CDN_USAGE}\n`);
    return;
  }
  let cdn;
  try {
    cdn = await startCdn(parsed);
  } catch (err) {
    fail(err);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    cdn.close(5000).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`scaleladder-cdn listening on ${cdn.url} pid=${process.pid}\n`);
}

void main();
