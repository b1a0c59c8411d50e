// Item 7 of issue 12: k6 is a child process; its CPU is the generator's and is measured, through the real CLI.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';

const CLI = join(process.cwd(), 'bin/scaleladder.mjs');
const FAKE = join(process.cwd(), 'test/fixtures/k6-fake.mjs');

describe('k6 generator CPU (real CLI, stand-in k6 that burns 1.5 s of CPU)', () => {
  it('given a k6 that spends 1.5 CPU-s, then the step\'s loadgen account includes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-k6cpu-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'k6'), `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" "$@"\n`);
    chmodSync(join(bin, 'k6'), 0o755);
    const out = join(dir, 'out.json');
    const child = spawn(
      process.execPath,
      [CLI, 'bench', '--stage', '1', '--driver', 'k6', '--tiers', '1k', '--step-duration', '2s', '--warmup', '0', '--seed-links', '2000', '--calibrate', '0', '--results-dir', dir, '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', PATH: `${bin}:${process.env.PATH}`, FAKE_K6_MODE: 'busy', FAKE_K6_CPU_S: '1.5' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(stderr).not.toMatch(/unexpected error/);
    expect(code).toBe(0);
    const [step] = readResult(out).steps;
    expect(step.driver).toBe('k6');
    // The harness alone spends ~0.3 CPU-s here; up to one 200 ms sample of k6's last CPU may be missed.
    expect(step.loadgen.cpuSeconds).toBeGreaterThanOrEqual(1.2);
    // The stage's app is a child of the harness too, but never counted as the generator's.
    // (The stand-in k6 sends nothing, so the app is idle: its CPU may round to 0 ticks; that it was sampled shows in its RSS.)
    const app = step.processes.find((p) => p.role === 'app')!;
    expect(app.pid).toBeGreaterThan(0);
    expect(app.rssPeakBytes).toBeGreaterThan(0);
    expect(app.cpuSeconds).toBeLessThan(step.loadgen.cpuSeconds);
  }, 120_000);
});
