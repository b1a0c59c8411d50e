// A "what breaks" row is judged in two parts: the tier where the stage breaks, and whether the measured cause matches the named one.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../harness/results/result-types.ts';
import { checkCause } from '../../harness/validate/cause-check.ts';
import { validateClaimsFile } from '../../harness/validate/claims-file.ts';
import { renderValidateTable } from '../../harness/validate/render-validate-table.ts';
import { evaluateClaim } from '../../harness/validate/evaluate-claim.ts';
import { loadClaimsFile } from '../../harness/validate/claims-file.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { tierRate } from '../../loadtests/workload/tiers.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import { costStep, type CostProc } from './helpers/cost-steps.ts';
import { syntheticRun } from '../helpers/synthetic-result.ts';

const tiers = loadTierFile();
const t10k = tierRate({ name: '10k', users: 10_000 }, tiers.assumptions);
const app: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.21, budgetCores: 0.1 }];

/** A run of `stage` under a 1:10 scale model with one step at the 10k tier (model rate = peak × 0.1). */
function at10k(stage: number, procs: CostProc[], pass: boolean, figures: Record<string, number> = {}, rateFactor = 1): { path: string; result: RunResult } {
  const r = syntheticRun({ stage, steps: [] });
  const rate = t10k.peakRate * 0.1 * rateFactor;
  r.steps = [costStep(rate / 10, procs, { tier: '1k', figures: { dbReadsPerRequest: 1 } }), costStep(rate, procs, { tier: '10k', pass, figures })];
  r.steps[1].users = 10_000;
  r.scaleModel = { enforcement: 'cgroup1', reason: 'root', periodUs: 10_000, scale: 0.1, machines: [], oversubscribed: false };
  return { path: `s${stage}.json`, result: r };
}

describe('cause check', () => {
  it('given stage 1 breaking at 10k with its app saturated while every request reads SQLite, then "database reads" holds', () => {
    const hot: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.21, budgetCores: (t10k.peakRate * 0.1 * 0.21) / 1000 / 1.1 }]; // 110 % of its budget at the 10k model rate
    const c = checkCause([at10k(1, hot, false, { dbReadsPerRequest: 1 })], t10k, 1, 'db-read');
    expect(c.verdict).toBe('holds');
    expect(c.measured).toMatch(/stage 1 broke at 10k .*app-1 CPU saturated \(110 % of its/);
  });

  it('given stage 1 breaking at 10k by SQLite writer busy retries with the app not saturated, then "app CPU" is contradicted and "DB writes" holds', () => {
    const run = at10k(1, [{ name: 'app-1', role: 'app', ms: 0.01, budgetCores: 1 }], false, { sqliteBusyRetries: 40, dbWrites: 100 });
    expect(checkCause([run], t10k, 1, 'app-cpu').verdict).toBe('contradicted by measurement');
    expect(checkCause([run], t10k, 1, 'db-write')).toMatchObject({ verdict: 'holds', measured: expect.stringMatching(/SQLite writer lock: 40 busy retries for 100 writes/) });
  });

  it('cache misses: DB reads per request doubling at the break counts; a flat one does not', () => {
    const app3: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.01, budgetCores: 1 }];
    expect(checkCause([at10k(3, app3, false, { dbReadsPerRequest: 2.5, eventLoopDelayP99Ms: 30 })], t10k, 3, 'cache-miss').verdict).toBe('holds');
    expect(checkCause([at10k(3, app3, false, { dbReadsPerRequest: 1, eventLoopDelayP99Ms: 30 })], t10k, 3, 'cache-miss').verdict).toBe('contradicted by measurement');
  });

  it('the seed row "Database read bottleneck" is judged on both parts, each stated, measured and given a verdict, at the model rate', () => {
    const claims = loadClaimsFile().claims;
    const row = claims.find((c) => c.id === 'stage-10k')!;
    expect(row.inputs.cause).toBe('db-read');
    const hot: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.21, budgetCores: (t10k.peakRate * 0.1 * 0.21) / 1000 / 1.2 }];
    const ctx = { workload: normalizeWorkload(), tiers, results: [at10k(1, hot, false, { dbReadsPerRequest: 1 }), at10k(2, app, true, { dbReadsPerRequest: 0.1 }, 1)] };
    // Stage 2 holds at 0.1 × the tier's peak: the model rate, not the full-size one.
    ctx.results[1].result.steps[1].processes[0].budgetCores = 1;
    const r = evaluateClaim(row, ctx);
    expect(r.verdict).toBe('holds');
    const parts = (r.measured!.details as { parts: { part: string; verdict: string; stated: string; measured: string }[] }).parts;
    expect(parts.map((p) => [p.part, p.verdict])).toEqual([['tier', 'holds'], ['cause', 'holds']]);
    expect(parts[0].measured).toMatch(/model at scale 0.1/);
    expect(r.reason).toMatch(/^tier \[holds\]: .*; cause \[holds\]: stated stage 1 breaks by db-read/);
    const counts = { holds: 1, 'arithmetic does not hold': 0, 'contradicted by measurement': 0, 'not measurable here': 0, 'not measured yet': 0 };
    const text = renderValidateTable({ schema: 'scaleladder/validate@1', generatedAt: '', claimsFile: 'c', measured: false, results: [], measurementEnv: {}, claims: [r], counts, caveats: [] });
    expect(text).toMatch(/\n {6}tier: {7}stated 1 breaks, 2 holds 10k \| measured .* \| holds\n {6}cause: {6}stated stage 1 breaks by db-read .* \| measured stage 1 broke at 10k .* \| holds\n/);
    // Same tiers, but stage 1 broke by writer contention: the tier part holds, the cause part does not.
    const locked = { ...ctx, results: [at10k(1, [{ name: 'app-1', role: 'app', ms: 0.01, budgetCores: 1 }], false, { sqliteBusyRetries: 40, dbWrites: 100, dbReadsPerRequest: 1 }), ctx.results[1]] };
    const r2 = evaluateClaim(row, locked);
    expect(r2.verdict).toBe('contradicted by measurement');
    expect(r2.reason).toMatch(/tier \[holds\].*cause \[contradicted by measurement\]/);
  });

  it('an unknown cause in the claims file is a one-line error naming the choices', () => {
    const claim = { id: 'x', table: 't', row: 'r', text: 't', stated: { value: null, unit: 'stage', text: 's' }, formula: 'tier-stage', inputs: { tier: '10k', holdsStage: 2, breaksStage: 1, cause: 'gremlins' } };
    expect(() => validateClaimsFile({ claims: [claim] })).toThrow(/inputs.cause "gremlins" is unknown; use one of db-read, app-cpu, cache-miss, db-write/);
  });
});
