// bin/run-ts.mjs and harness/env/prebuilt.mjs on a small project of their own: the first start bundles, a changed source is
// rebuilt on the next start (never a stale bundle), each module keeps its own import.meta.url, the script sees the
// argv it would under tsx, and SCALELADDER_NO_PREBUILT=1 runs the sources through tsx.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCommand } from '../helpers/run-command.ts';

const root = mkdtempSync(join(tmpdir(), 'scaleladder-prebuilt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

mkdirSync(join(root, 'bin'));
mkdirSync(join(root, 'harness', 'env'), { recursive: true });
mkdirSync(join(root, 'src', 'lib'), { recursive: true });
for (const f of ['bin/run-ts.mjs', 'harness/env/prebuilt.mjs']) cpSync(join(repoRoot, f), join(root, f));
symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(root, 'node_modules'));
writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(root, 'tsconfig.json'), '{}\n');
writeFileSync(join(root, 'src', 'lib', 'data.txt'), 'next to dep.ts\n');
writeFileSync(
  join(root, 'src', 'main.ts'),
  [
    "import { value, sibling } from './lib/dep.ts';",
    'const late = await import(\'./lib/late.ts\');',
    'process.stdout.write(JSON.stringify({ value, sibling, late: late.late, argv: process.argv.slice(1) }) + "\\n");',
  ].join('\n'),
);
writeFileSync(join(root, 'src', 'lib', 'late.ts'), "export const late: string = 'loaded on demand';\n");
const depFile = join(root, 'src', 'lib', 'dep.ts');
const writeDep = (value: number, when: Date) => {
  writeFileSync(
    depFile,
    `import { readFileSync } from 'node:fs';\nexport const value: number = ${value};\nexport const sibling = readFileSync(new URL('./data.txt', import.meta.url), 'utf8').trim();\n`,
  );
  utimesSync(depFile, when, when);
};

async function start(env: NodeJS.ProcessEnv = {}) {
  const r = await runCommand(process.execPath, [join(root, 'bin', 'run-ts.mjs'), 'src/main.ts', '--flag', 'x'], { cwd: root, env: { ...process.env, ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { value: number; sibling: string; late: string; argv: string[] };
}

const manifest = join(root, '.cache', 'prebuilt', 'src__main.ts', 'manifest.json');
const bundleDir = () => (JSON.parse(readFileSync(manifest, 'utf8')) as { out: string }).out;

describe('prebuilt bundles (bin/run-ts.mjs)', () => {
  it('given no bundle, when started, then it bundles and runs with the argv and import.meta.url of the sources', async () => {
    writeDep(1, new Date('2020-01-01T00:00:00Z'));
    const out = await start();
    expect(out).toEqual({ value: 1, sibling: 'next to dep.ts', late: 'loaded on demand', argv: [join(root, 'src/main.ts'), '--flag', 'x'] });
    expect(existsSync(manifest)).toBe(true);
    // A second start reuses the bundle.
    const first = bundleDir();
    expect((await start()).value).toBe(1);
    expect(bundleDir()).toBe(first);
  });

  it('given a source changed since the bundle, when started, then it runs the new source (rebuilt), not the old bundle', async () => {
    const before = bundleDir();
    writeDep(2, new Date('2021-01-01T00:00:00Z'));
    expect((await start()).value).toBe(2);
    expect(bundleDir()).not.toBe(before);
    expect(JSON.parse(readFileSync(manifest, 'utf8')).inputs['src/lib/dep.ts']).toBeDefined();
  });

  it('given SCALELADDER_NO_PREBUILT=1, when started, then it runs the sources through tsx', async () => {
    writeDep(3, new Date('2022-01-01T00:00:00Z'));
    const before = bundleDir();
    const out = await start({ SCALELADDER_NO_PREBUILT: '1' });
    expect(out.value).toBe(3);
    expect(out.sibling).toBe('next to dep.ts');
    expect(bundleDir()).toBe(before);
  });
});
