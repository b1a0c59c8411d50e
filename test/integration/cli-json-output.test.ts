// Through the real CLI: every command that prints a table also prints JSON with --json (plan, ladder, keys-moved; compare has its own test).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { repeatedRuns, writeRuns } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const resultsDir = join(dir, 'results');
mkdirSync(resultsDir);
const [s1] = repeatedRuns({ runs: 1, seed: 1, knee: 1200, samplesPerRun: 2000 });
const [s2] = repeatedRuns({ runs: 1, seed: 2, stage: 2, knee: 3000, samplesPerRun: 2000 });
const f1 = join(resultsDir, 'latest-stage-1.json');
const f2 = join(resultsDir, 'latest-stage-2.json');
writeFileSync(f1, JSON.stringify(s1));
writeFileSync(f2, JSON.stringify(s2));

describe('--json (real CLI)', () => {
  it('plan --json prints the plan object: target, stages with what each needs, assumptions', async () => {
    const r = await runCli(['plan', '--users', '1M', '--from', f1, f2, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.target.peakRate).toBeCloseTo(40_400, 6);
    expect(plan.stages.map((s: { stage: number }) => s.stage)).toEqual([1, 2]);
    expect(Array.isArray(plan.assumptions)).toBe(true);
  }, 30_000);

  it('ladder --json prints one entry per stage with its knee and per-tier figures', async () => {
    const r = await runCli(['ladder', f2, f1, '--json']);
    expect(r.code).toBe(0);
    const ladder = JSON.parse(r.stdout);
    expect(ladder.stages.map((s: { stage: number }) => s.stage)).toEqual([1, 2]);
    const [a] = ladder.stages;
    expect(a.file).toBe(f1);
    expect(a.knee.rate).toBeCloseTo(1200, -2);
    expect(a.tiers.map((t: { tier: string }) => t.tier)).toEqual(['1k', '10k']);
    expect(a.tiers[1]).toMatchObject({ sloPass: true, loadgenBound: false });
    expect(a.tiers[1].p99Ms).toBeGreaterThan(0);
    expect(a.tiers[1].processes[0]).toMatchObject({ name: 'app-1', role: 'app' });
  }, 30_000);

  it('compare --json prints the comparison with Holm-adjusted p-values', async () => {
    const base = writeRuns(join(dir, 'b'), repeatedRuns({ runs: 6, seed: 1 }));
    const head = writeRuns(join(dir, 'h'), repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.3 }));
    const r = await runCli(['compare', base, head, '--json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout);
    expect(c.exitCode).toBe(1);
    const p99 = c.groups[0].metrics.find((m: { metric: string }) => m.metric === 'p99');
    expect(p99.pAdjusted).toBeGreaterThanOrEqual(p99.pValue);
  }, 30_000);

  it('keys-moved --json prints the measurement and keeps one file per run under results/keys-moved/', async () => {
    const kdir = join(dir, 'km');
    const args = ['keys-moved', '--algorithms', 'consistent-hash', '--codes', '200', '--results-dir', kdir, '--json'];
    const a = await runCli(args);
    expect(a.stderr).not.toMatch(/unexpected error/);
    expect(a.code).toBe(0);
    const first = JSON.parse(a.stdout);
    expect(first).toMatchObject({ balancer: 'nginx', from: 4, to: 5, codes: 200 });
    expect(first.results[0].algorithm).toBe('consistent-hash');
    expect(first.results[0].moved).toBeGreaterThanOrEqual(0);
    expect(existsSync(first.file)).toBe(true);
    // The second run only has to leave a second file: 1 → 2 app processes boots 2 apps instead of 5.
    const b = await runCli([...args, '--from', '1', '--to', '2']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ from: 1, to: 2, codes: 200 });
    const files = readdirSync(join(kdir, 'keys-moved')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(2);
    expect(JSON.parse(readFileSync(JSON.parse(b.stdout).file, 'utf8')).results).toHaveLength(1);
  }, 120_000);
});
