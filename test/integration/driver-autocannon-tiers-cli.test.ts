// autocannon at each user tier, through the real CLI: the tier's rate, its label, and its p99 beside the open model's.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('bench --driver autocannon (real CLI, stage 1)', () => {
  it('given the 1k tier, then autocannon runs at the tier rate, is labelled, and its p99 is set beside the open model\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-ac-'));
    const out = join(dir, 'out.json');
    const r = await runCli(['bench', '--stage', '1', '--driver', 'autocannon', '--tiers', '1k', '--step-duration', '2s', '--warmup', '0', '--seed-links', '2000', '--machine-cpu', 'none', '--results-dir', dir, '--out', out]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const [step] = readResult(out).steps;
    expect(step.driver).toBe('autocannon');
    expect(step.targetRate).toBeCloseTo(40.4, 1);
    expect(step.achievedRate).toBeLessThan(60);
    expect(step.loadLabel).toBe('closed model, rate-limited, coordinated omission possible');
    expect(step.closedVsOpen!.openP99Us).toBeGreaterThan(0);
    expect(step.closedVsOpen!.ratio).toBeCloseTo(step.closedVsOpen!.closedP99Us / step.closedVsOpen!.openP99Us, 2);
    expect(r.stderr).toMatch(/what your usual tool would have told you/);
  }, 120_000);

  it('given --max with another driver, then it is bad input (exit 2) with one line saying so', async () => {
    const r = await runCli(['bench', '--stage', '1', '--driver', 'open', '--max']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max .*--driver autocannon/);
  }, 60_000);
});
