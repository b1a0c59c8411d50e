// Runs one of this project's TypeScript entry points as this process: `node bin/run-ts.mjs <script.ts> [args...]`,
// from its prebuilt bundle (harness/env/prebuilt.mjs) when it can, through tsx otherwise. The script sees the same
// process.argv as under `node --import tsx <script.ts> [args...]`.
import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prebuilt, PROJECT_ROOT } from '../harness/env/prebuilt.mjs';

const script = process.argv[2];
if (script === undefined) {
  process.stderr.write('usage: node bin/run-ts.mjs <script.ts> [args...]\n');
  process.exit(2);
}
const abs = isAbsolute(script) ? script : `${process.cwd()}/${script}`;
process.argv.splice(1, 2, abs);
const inProject = relative(PROJECT_ROOT, abs);
const bundle = inProject.startsWith('..') ? undefined : await prebuilt(inProject);
if (bundle !== undefined) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(abs).href);
}
