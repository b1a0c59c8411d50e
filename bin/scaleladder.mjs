#!/usr/bin/env node
// Entry point of the scaleladder CLI: runs main from its prebuilt bundle (harness/env/prebuilt.mjs: ~1 CPU-s less per start),
// or through tsx when there is none (the sources are TypeScript, no build step is needed).

// The parent that started us, read first, before the slow TypeScript load (harness/cli/watch-parent.ts stops a run
// once it is gone; a parent that dies while we load must not go unnoticed). The rest is imported after it, dynamically.
globalThis.__scaleladderParentPid = process.ppid;
const { prebuilt } = await import('../harness/env/prebuilt.mjs');
const bundle = await prebuilt('harness/cli/main.ts');
let main;
if (bundle !== undefined) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../harness/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// main's return value is the exit code (every command sets its code through harness/cli/command-exit.ts).
// Let pending writes flush; handles left open by a bug must not keep the CLI alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 200).unref();
