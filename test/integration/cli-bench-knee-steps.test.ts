// Through the real CLI: the knee search's probe steps are kept in the result, and each probe names its step.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';
import { startCapacityServer } from '../fixtures/knee-capacity-server.ts';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-knee-'));
let server: Awaited<ReturnType<typeof startCapacityServer>>;
beforeAll(async () => {
  server = await startCapacityServer(5); // one request per 5 ms: capacity 200 req/s
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scaleladder bench --find-knee (real CLI, fixture server of known capacity)', () => {
  it('given a knee search, then every probe is a kind "knee" step of the result and probe i names it', async () => {
    const r = await runCli([
      'bench', '--target', server.url, '--rate', '50', '--step-duration', '1s', '--warmup', '0', '--seed-links', '100',
      '--find-knee', '--knee-probe', '0.5', '--knee-max-rate', '400', '--machine-cpu', 'none', '--results-dir', dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const folder = join(dir, 'target', readdirSync(join(dir, 'target'))[0]);
    const file = readdirSync(folder).find((f) => f.startsWith('latest'))!;
    const result = readResult(join(folder, file));
    const knee = result.knee!;
    expect(knee.probes.length).toBeGreaterThan(1);
    const kneeSteps = result.steps.filter((s) => s.kind === 'knee');
    expect(kneeSteps).toHaveLength(knee.probes.length);
    for (const p of knee.probes) {
      const s = result.steps[p.step!];
      expect(s.kind).toBe('knee');
      expect(s.targetRate).toBe(p.rate);
      expect(s.slo.pass).toBe(p.pass);
    }
  }, 120_000);
});
