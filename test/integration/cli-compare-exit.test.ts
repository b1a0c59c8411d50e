// Through the real CLI: `compare` exits 0 on identical runs, 1 on a regression, 2 on bad input (the code CI gates on).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { repeatedRuns, writeRuns } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const baseDir = writeRuns(join(dir, 'base'), repeatedRuns({ runs: 6, seed: 1 }));
const headDir = writeRuns(join(dir, 'head'), repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.3 }));

describe('scaleladder compare (real CLI): exit code', () => {
  it('given the same runs on both sides, then exit 0', async () => {
    const r = await runCli(['compare', baseDir, baseDir]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.stdout).toMatch(/exit 0/);
    expect(r.code).toBe(0);
  }, 30_000);

  it('given 6 runs a side with a 30 % tail regression, then it prints REGRESSION and exits 1', async () => {
    const r = await runCli(['compare', baseDir, headDir]);
    expect(r.stdout).toMatch(/REGRESSION/);
    expect(r.code).toBe(1);
    const md = await runCli(['compare', baseDir, headDir, '--format', 'markdown']);
    expect(md.code).toBe(1);
  }, 30_000);

  it('given a missing file or a bad threshold, then one line on stderr and exit 2', async () => {
    const r = await runCli(['compare', join(dir, 'nope.json'), baseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const t = await runCli(['compare', baseDir, headDir, '--threshold', 'five']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--threshold five is not a valid threshold/);
  }, 30_000);
});
