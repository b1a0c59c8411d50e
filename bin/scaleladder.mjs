#!/usr/bin/env node
// Entry point of the scaleladder CLI: registers tsx (the sources are TypeScript, no build step) and runs main.

// The parent that started us, read first, before the slow TypeScript load (harness/cli/watch-parent.ts stops a run
// once it is gone; a parent that dies while we load must not go unnoticed). tsx is imported after it, dynamically.
globalThis.__scaleladderParentPid = process.ppid;
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../harness/cli/main.ts');
const code = await main(process.argv.slice(2));
// main's return value is the exit code (every command sets its code through harness/cli/command-exit.ts).
// Let pending writes flush; handles left open by a bug must not keep the CLI alive.
process.exitCode = code;
setTimeout(() => process.exit(code), 200).unref();
