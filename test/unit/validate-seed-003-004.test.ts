// Seeds 003 and 004 in validate: the hierarchy cascade, no-affinity churn and tier-table formulas; a qualitative "N/A"
// judged by its formula's reading against a keys-moved run; step figures read from bench results; "not testable here";
// and the measurements behind the latency budget and the stateless web tier.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { Claim } from '../../harness/validate/claim-types.ts';
import { loadClaimsFile } from '../../harness/validate/claims-file.ts';
import { evaluateClaim, type EvaluateContext } from '../../harness/validate/evaluate-claim.ts';
import { measureEmulatedHop } from '../../harness/validate/measure/measure-latency-budget.ts';
import { measureStateless } from '../../harness/validate/measure/measure-stateless.ts';
import { syntheticResult } from '../helpers/synthetic-result.ts';

const root = mkdtempSync(join(tmpdir(), 'sl-validate-003-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const claims = loadClaimsFile().claims;
const claim = (id: string): Claim => {
  const c = claims.find((x) => x.id === id);
  if (!c) throw new Error(`no claim ${id}`);
  return c;
};
const ctx = (over: Partial<EvaluateContext> = {}): EvaluateContext => ({
  workload: normalizeWorkload({}),
  tiers: loadTierFile(),
  results: [],
  resultsRoot: root,
  ...over,
});

function keysMovedRun(name: string, algorithm: string, moved: number) {
  mkdirSync(join(root, 'keys-moved'), { recursive: true });
  const result = { balancer: 'nginx', algorithm, from: 4, to: 5, how: 'reload', codes: 1000, compared: 1000, movedCount: moved * 1000, moved, baselineChurn: moved, movedToNew: 0.2, unobserved: 0, perUpstream: { before: {}, after: {} }, expected: { idealConsistent: 0.2, ring: 0.2, moduloN: 0.8 }, meaningful: false };
  writeFileSync(join(root, 'keys-moved', name), JSON.stringify({ balancer: 'nginx', from: 4, to: 5, codes: 1000, startedAt: '2026-12-03T00:00:00Z', results: [result] }));
}

describe('seed 003/004 formulas', () => {
  it('the cache hierarchy: misses cascade down, 20 % × 35 % × 50 % = 3.5 % of reads get past the CDN, app cache and Redis', () => {
    const r = evaluateClaim(claim('cache-hierarchy-cascade'), ctx());
    expect(r.recomputed?.value).toBeCloseTo(0.035, 6);
    expect(r.recomputed?.text).toMatch(/mean 16\.9 ms per read/);
    // No stage-4 result given: the measured half waits for a bench.
    expect(r.verdict).toBe('holds');
    expect(r.reason).toMatch(/no stage-4 result/);
  });

  it('the two tier tables disagree at 10k, 100k, 500k and 1m, and the row says which fix each names', () => {
    const r = evaluateClaim(claim('tier-tables-002-vs-004'), ctx());
    expect(r.recomputed?.value).toBe(4);
    expect(r.recomputed?.text).toContain('10k: 002 "Redis cache-aside" vs 004 "load balancer + stateless app servers"');
  });

  it('"N/A (no affinity)" is read as 1 − 1/N and judged against the latest keys-moved run of that algorithm', () => {
    expect(evaluateClaim(claim('round-robin-keys-moved'), ctx()).verdict).toBe('not measured yet');
    keysMovedRun('20261203T100000Z-nginx.json', 'round-robin', 0.79);
    const ok = evaluateClaim(claim('round-robin-keys-moved'), ctx());
    expect(ok.recomputed?.value).toBeCloseTo(0.8, 6);
    expect(ok.verdict).toBe('holds');
    expect(ok.reason).toMatch(/stated "N\/A", read by the formula as 80\.0 %/);
    // A later run where round-robin kept its codes (affinity it should not have) contradicts the claim.
    keysMovedRun('20261203T110000Z-nginx.json', 'round-robin', 0.2);
    expect(evaluateClaim(claim('round-robin-keys-moved'), ctx()).verdict).toBe('contradicted by measurement');
    expect(evaluateClaim(claim('p2c-keys-moved'), ctx()).verdict).toBe('not measured yet');
  });

  it('a hit-rate claim reads its figure from the latest bench result of its stage', () => {
    const result = syntheticResult([1000, 2000]);
    result.stage = 4;
    result.steps[0].tier = '10k';
    result.steps[0].figures.cdnHitRatio = 0.82;
    const r = evaluateClaim(claim('cdn-edge-hit-rate'), ctx({ results: [{ path: 'stage-4.json', result }] }));
    expect(r.measured?.value).toBe(0.82);
    expect(r.verdict).toBe('holds');
    result.steps[0].figures.cdnHitRatio = 0.3;
    expect(evaluateClaim(claim('cdn-edge-hit-rate'), ctx({ results: [{ path: 'stage-4.json', result }] })).verdict).toBe('contradicted by measurement');
  });

  it('a claim marked notTestable says so with its reason; none of the three former "none" rows is left without one', () => {
    const r = evaluateClaim(claim('stage-1m-plus'), ctx());
    expect(r.verdict).toBe('not measurable here');
    expect(r.reason).toMatch(/^not testable here: the fix \(regional stacks/);
    for (const id of ['round-robin-keys-moved', 'p2c-keys-moved', 'stage-1m-plus']) {
      const c = claim(id);
      expect(c.formula !== 'none' || c.measure !== undefined || c.notTestable !== undefined).toBe(true);
    }
    // Every claim from seeds 003 and 004 has a formula, a measurement, or a reason it cannot have one.
    const seed34 = claims.filter((c) => /seed 00[34]/.test(c.table));
    expect(seed34.length).toBeGreaterThanOrEqual(15);
    for (const c of seed34) expect(c.formula !== 'none' || c.measure !== undefined || c.notTestable !== undefined).toBe(true);
  });
});

describe('seed 003/004 measurements', () => {
  it('an emulated 0.5 ms hop costs at least a millisecond (timers round up), a 10 ms one about 10 ms', async () => {
    const half = await measureEmulatedHop(0.5, 30);
    const ten = await measureEmulatedHop(10, 10);
    expect(half.p50Us).toBeGreaterThanOrEqual(1000);
    expect(ten.p50Us).toBeGreaterThanOrEqual(10_000);
    expect(ten.p50Us).toBeLessThan(40_000);
  });

  it('two app instances over one SQLite file answer every request alike, links created through the other included', async () => {
    const s = await measureStateless(root, 20);
    expect(s.requests).toBe(20 * 2 + 20 * 2);
    expect(s.differences).toEqual([]);
    expect(s.share).toBe(1);
  }, 30_000);
});
