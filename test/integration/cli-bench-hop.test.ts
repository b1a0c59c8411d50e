// `bench --hop-ms` through the real CLI: every redirect of stage 2 waits the emulated app↔Redis hop, and the result says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../fixtures/proc-alive.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');

function runCli(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('scaleladder bench --hop-ms', () => {
  it('given stage 2 with a 200 ms hop, then the median redirect takes over 200 ms and the hop is recorded as emulated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-hop-'));
    const out = join(dir, 'out.json');
    const r = await runCli(['bench', '--stage', '2', '--rate', '10', '--step-duration', '2s', '--warmup', '0s', '--seed-links', '2000', '--machine-cpu', 'none',
      // --prime 0: warming 2,000 codes through a 200 ms hop took ~25 s here; every redirect crosses the hop either way.
      '--calibrate', '0', '--prime', '0', '--hop-ms', '200', '--results-dir', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.config.topology.hopMs).toBe(200);
    expect(res.emulated.join('\n')).toMatch(/app↔Redis hop \(emulated[^)]*\): 200 ms/);
    expect(r.stdout).toMatch(/emulated: .*app↔Redis hop/);
    const step = res.steps[0];
    expect(step.statusCounts['302']).toBeGreaterThan(5);
    expect(step.latencyUs.p50).toBeGreaterThanOrEqual(200_000);
    for (const p of step.processes) expect(isRunning(p.pid)).toBe(false);
  }, 60_000);

  it('given a negative hop, then it stops with one line naming the flag (exit 2)', async () => {
    const r = await runCli(['bench', '--stage', '2', '--hop-ms', '-1', '--machine-cpu', 'none']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--hop-ms/);
  }, 30_000);
});
