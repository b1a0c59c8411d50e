// The app process entry: parse flags, start, print one readiness line on stdout, stop cleanly on SIGTERM/SIGINT.
// Run: node --import tsx targets/app/server.ts --port 0 --db FILE --admin-token T [--instance-id a1] [--redirect-status 301]
import { AppConfigError } from './config.ts';
import { CodeKeyMismatchError } from './sqlite-db.ts';
import { ShardLayoutMismatchError } from '../shards/id-blocks.ts';
import { ArgsError, USAGE, parseServerArgs } from './server-args.ts';
import { startApp } from './start-app.ts';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`scaleladder-app: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseServerArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ArgsError) fail(`${err.message} (${USAGE})`, 2);
    throw err;
  }
  if (config.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  delete config.help;
  let started;
  try {
    started = await startApp(config);
  } catch (err) {
    if (err instanceof AppConfigError || err instanceof CodeKeyMismatchError || err instanceof ShardLayoutMismatchError) fail(err.message, 2);
    fail(`could not start: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  const app = started;
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    process.stderr.write(`scaleladder-app: ${signal}, stopping\n`);
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => fail(`stop failed: ${err instanceof Error ? err.message : String(err)}`, 1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // The supervisor waits for exactly this line and reads the URL from it.
  process.stdout.write(`scaleladder-app listening on ${app.url} pid=${process.pid}\n`);
}

main().catch((err: unknown) => fail(`fatal: ${err instanceof Error ? err.message : String(err)}`, 1));
