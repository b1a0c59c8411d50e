// CI's summary line (scripts/test-summary.mjs) from a real vitest JSON report: passes, failures, skips, and crashes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCommand } from '../helpers/run-command.ts';

const SUMMARY = join(repoRoot, 'scripts/test-summary.mjs');
const VITEST = join(repoRoot, 'node_modules/vitest/vitest.mjs');

let dir: string;
let report: string;
let vitestExit: number | null;

function summary(file: string, exitCode: number | string): string {
  const r = spawnSync(process.execPath, [SUMMARY, file, String(exitCode)], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scaleladder-summary-'));
  // 2 passed, 1 failed, 1 skipped, 1 skipIf, 1 todo; a file whose beforeAll throws (its 2 tests never run);
  // a file that cannot even be imported.
  writeFileSync(
    join(dir, 'mixed.test.ts'),
    `import { it, expect } from 'vitest';
it('a', () => {}); it('b', () => {}); it('c', () => { expect(1).toBe(2); });
it.skip('d', () => {}); it.skipIf(true)('e', () => {}); it.todo('f');`,
  );
  writeFileSync(
    join(dir, 'hook.test.ts'),
    `import { it, beforeAll } from 'vitest';
beforeAll(async () => { throw new Error('redis-server not found'); });
it('g', () => {}); it('h', () => {});`,
  );
  writeFileSync(join(dir, 'broken.test.ts'), `import x from './missing-module.ts';\nimport { it } from 'vitest';\nit('i', () => x());`);
  report = join(dir, 'report.json');
  const r = await runCommand(process.execPath, [VITEST, 'run', '--root', dir, '--reporter', 'json', '--outputFile', report], { timeoutMs: 80_000 });
  vitestExit = r.status;
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/test-summary.mjs', () => {
  it('given a real vitest report, then passes, failures (a failing file counts once) and skips (skip, skipIf, todo, and tests a failed hook never ran) are counted', () => {
    expect(vitestExit).toBe(1);
    expect(summary(report, 1)).toBe('tests: 2 passed, 3 failed, 5 skipped\n');
  });

  it('given no report (vitest crashed before writing it), then it counts one failure', () => {
    expect(summary(join(dir, 'no-such-report.json'), 1)).toBe('tests: 0 passed, 1 failed\n');
  });

  it('given a clean report but a non-zero exit (e.g. the typecheck failed), then one failure, never "0 failed"', () => {
    const clean = join(dir, 'clean.json');
    writeFileSync(clean, JSON.stringify({ testResults: [{ status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] }] }));
    expect(summary(clean, 2)).toBe('tests: 2 passed, 1 failed\n');
    expect(summary(clean, 0)).toBe('tests: 2 passed, 0 failed\n');
  });

  it('given a truncated report, then it counts one failure', () => {
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, '{"testResults": [{"status": "pass');
    expect(summary(cut, 1)).toBe('tests: 0 passed, 1 failed\n');
  });
});
