// planCapacity on a hand-computable example: app processes, Redis memory, CDN hit ratio, shards — and the USL fit refusing too few points.
import { describe, expect, it } from 'vitest';
import { planCapacity } from '../../harness/plan/plan-capacity.ts';
import { renderPlanMarkdown } from '../../harness/plan/render-plan-markdown.ts';
import { renderPlanTable } from '../../harness/plan/render-plan-table.ts';
import { uslThroughput } from '../../harness/stats/usl-fit.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';
import type { TierAssumptions } from '../../loadtests/workload/tiers.ts';
import { lognormalLatencies, syntheticRun } from '../helpers/synthetic-result.ts';
import { cdnFigures } from '../../harness/services/cdn.ts';

// 1 % of requests are writes; peak = 10 × average.
const TIERS: TierAssumptions = { readsPerUserPerDay: 99, writesPerUserPerDay: 1, peakFactor: 10, secondsPerDay: 86_400 };
const rng = mulberry32(1);
const fast = () => lognormalLatencies(rng, 1000, 2000, 0.3);

function stage1(opts: { knee?: number; appCpuMs?: number; figures?: Record<string, number> } = {}) {
  return syntheticRun({
    stage: 1,
    knee: opts.knee,
    steps: [
      // 1,000 responses each: 20 s at 50 req/s, 2 s at 500 req/s (so CPU per second follows the rate).
      { tier: '1k', latenciesUs: fast(), achievedRate: 50, durationS: 20, processes: [{ name: 'app', role: 'app', cpuMsPerRequest: 0.9 }] },
      { tier: '10k', latenciesUs: fast(), achievedRate: 500, durationS: 2, processes: [{ name: 'app', role: 'app', cpuMsPerRequest: opts.appCpuMs ?? 0.72 }], figures: opts.figures },
    ],
  });
}

describe('planCapacity', () => {
  it('given 10,000 req/s, a knee of 1,000 and 0.7 app CPU-ms/req, then the numbers are the hand-computed ones', () => {
    const plan = planCapacity({ rate: 10_000, results: [stage1({ knee: 1000 })], tierAssumptions: TIERS });
    expect(plan.target).toMatchObject({ peakRate: 10_000, users: null });
    expect(plan.target.peakWriteRate).toBeCloseTo(100, 9); // 1 % of 10,000
    expect(plan.target.peakReadRate).toBeCloseTo(9900, 9);
    expect(plan.target.linksPerDay).toBeCloseTo(864_000, 6); // 100 writes/s ÷ peak 10 × 86,400 s
    const [s] = plan.stages;
    expect(s.capacity.value).toBe(1000);
    expect(s.holds).toBe(false);
    // The marginal cost, not an average: 0.9 ms/req at 50 req/s and 0.72 at 500 are 0.7 ms/req plus 0.01 core idle.
    // 10,000 req/s × 0.7 ms ÷ (1000 × 0.7) = 10 processes exactly (the 0.72 average of the highest step would give 11)
    expect(s.appProcesses.value).toBe(10);
    expect(s.appProcesses.formula).toBe('10,000 req/s × 0.7 CPU-ms/req ÷ (1000 × 0.7) = 10 → 10');
    expect(s.appProcesses.assumptions.map((a) => a.source)).toEqual(['measured', 'assumed']);
    // 1 % × 864,000 links/day × 365 days = 3,153,600 hot links × 500 B (assumed) = 1,576,800,000 B
    expect(s.redisMemory.value).toBeCloseTo(1_576_800_000, 0);
    expect(s.redisMemory.assumptions.find((a) => a.name === 'bytes per mapping')?.source).toBe('assumed');
    // h ≥ 1 − (1,000 − 100) ÷ 9,900 = 0.90909…
    expect(s.cdnHitRatio.value).toBeCloseTo(1 - 900 / 9900, 12);
    // 100 writes/s ÷ 1,000 (assumed) → 1 shard
    expect(s.shards.value).toBe(1);
    expect(s.components).toHaveLength(1);
    expect(s.components[0].cpuMsPerRequest).toBeCloseTo(0.7, 9);
    expect(s.components[0].coresAtTarget).toBeCloseTo(10, 9);
    expect(s.appProcesses.assumptions[0].note).toMatch(/marginal CPU-ms per client request: slope of CPU against throughput over unsaturated steps \(app: slope over 2 unsaturated steps \(50\.0–500 req\/s\)\)/);
  });

  it('given a stage-1 run on PostgreSQL with replicas (0.9 lookups/req, 0.07 CPU-ms per replica query), then plan answers how many replicas the target needs', () => {
    const plan = planCapacity({
      rate: 10_000,
      results: [stage1({ knee: 1000, figures: { pgReplicaReadsPerRequest: 0.85, pgPrimaryReadsPerRequest: 0.05, pgReplicaCpuMsPerQuery: 0.07, pgPrimaryCpuMsPerQuery: 0.1 } })],
      tierAssumptions: TIERS,
    });
    const [s] = plan.stages;
    // 10,000 req/s × 0.9 = 9,000 lookups/s × 0.07 ms ÷ (1000 × 0.7) = 0.9 → 1 replica (10,000 lookups/s each)
    expect(s.readReplicas?.value).toBe(1);
    expect(s.readReplicas?.formula).toBe('10,000 req/s × 0.9 lookups/req = 9,000 lookups/s × 0.07 CPU-ms ÷ (1000 × 0.7) = 0.9 → 1 one-core replicas (10,000 lookups/s each)');
    expect(renderPlanTable(plan)).toMatch(/read replicas for the DB lookups/);
    // Ten times the rate: ten replicas.
    const big = planCapacity({ rate: 100_000, results: [stage1({ knee: 1000, figures: { pgReplicaReadsPerRequest: 0.85, pgPrimaryReadsPerRequest: 0.05, pgReplicaCpuMsPerQuery: 0.07 } })], tierAssumptions: TIERS });
    expect(big.stages[0].readReplicas?.value).toBe(9);
    // A run on SQLite has no such row.
    expect(planCapacity({ rate: 10_000, results: [stage1({ knee: 1000 })], tierAssumptions: TIERS }).stages[0].readReplicas).toBeUndefined();
  });

  it('given a run whose knee its two replica machines set (saturated one probe up), then plan sizes replicas by the lookups/s they served there', () => {
    const run = stage1({ knee: 400, figures: { pgReplicaReadsPerRequest: 0.85, pgPrimaryReadsPerRequest: 0.05, pgReplicaCpuMsPerQuery: 0.07 } });
    const base = run.steps[1];
    const replicas = (share: number) => [1, 2].map((i) => ({ ...base.processes[0], name: `pg-replica-${i}`, role: 'db', budgetCores: 0.05, utilization: 0.05 * share, cpuSeconds: 0.05 * share * 2 }));
    const step = (rate: number, share: number, pass: boolean) => ({ ...base, kind: 'knee' as const, targetRate: rate, achievedRate: rate, processes: [...base.processes, ...replicas(share)], slo: { ...base.slo, pass } });
    run.steps.push(step(400, 0.7, true), step(440, 0.97, false));
    const probe = (rate: number, pass: boolean, at: number) => ({ rate, pass, p99Ms: pass ? 20 : 300, errorRate: 0, loadgenBound: false, step: at });
    run.knee = { rate: 400, failRate: 440, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'pg-replica-1 CPU saturated', probes: [probe(400, true, 2), probe(440, false, 3)] };
    const [s] = planCapacity({ rate: 10_000, results: [run], tierAssumptions: TIERS }).stages;
    // 400 req/s × 0.85 replica lookups/req on 2 × 0.05 cores = 3,400 lookups/s per one-core replica;
    // 10,000 req/s × 0.9 lookups/req = 9,000 lookups/s ÷ 3,400 = 2.65 → 3 (the CPU-ms estimate, 0.07 ms at 70 %, would say 1).
    expect(s.readReplicas?.value).toBe(3);
    expect(s.readReplicas?.formula).toBe('10,000 req/s × 0.9 lookups/req = 9,000 lookups/s ÷ 3,400 lookups/s per one-core replica = 2.65 → 3 one-core replicas');
    expect(s.readReplicas?.assumptions.find((a) => a.name === 'lookups/s one one-core replica served at a knee')).toMatchObject({ value: 3400, source: 'measured' });
    // The same run with the replicas far from saturated one probe up (the app broke first): the CPU-ms estimate stands.
    run.steps[3] = step(440, 0.3, false);
    expect(planCapacity({ rate: 10_000, results: [run], tierAssumptions: TIERS }).stages[0].readReplicas?.formula).toMatch(/× 0\.07 CPU-ms ÷ \(1000 × 0\.7\)/);
  });

  it('given figure names nothing writes (redisBytesPerMapping, writeCeilingPerShard), then they stay assumptions, said to be unmeasured', () => {
    const plan = planCapacity({
      rate: 10_000,
      results: [stage1({ knee: 1000, figures: { redisBytesPerMapping: 100, writeCeilingPerShard: 30 } })],
      tierAssumptions: TIERS,
    });
    const [s] = plan.stages;
    expect(s.redisMemory.assumptions.find((a) => a.name === 'bytes per mapping')).toMatchObject({ value: 500, source: 'assumed', note: 'bench runs do not measure it' });
    expect(s.shards.value).toBe(1);
    expect(s.shards.assumptions[0]).toMatchObject({ source: 'assumed', note: 'bench runs do not measure it' });
  });

  it('given a stage-4 run whose CDN measured its hit ratio (the key cdnFigures writes), then the plan reads it', () => {
    const s4 = syntheticRun({ stage: 4, knee: 5000, steps: [{ tier: '100k', latenciesUs: fast(), achievedRate: 4000, figures: cdnFigures({ cdnRequests: 0, cdnHits: 0 }, { cdnRequests: 1000, cdnHits: 870, cdnStale: 10, cdnOriginRequests: 120 }) }] });
    const plan = planCapacity({ rate: 10_000, results: [stage1({ knee: 1000 }), s4], tierAssumptions: TIERS });
    expect(plan.stages[1].cdnHitRatio.note).toMatch(/measured hit ratio at stage 4: 88\.0 %/);
  });

  it('given a 1:10 scale-model run with a knee of 440 model req/s, then one box is planned at the full-size 4,400 req/s and the costs are said to be from small machines', () => {
    const r = stage1({ knee: 440 });
    r.scaleModel = { enforcement: 'cgroup1', reason: 'root', periodUs: 10_000, scale: 0.1, machines: [{ name: 'app-1', role: 'app', cpu: 0.1 }], oversubscribed: false };
    const [s] = planCapacity({ rate: 10_000, results: [r], tierAssumptions: TIERS }).stages;
    expect(s.capacity.value).toBeCloseTo(4400, 9);
    expect(s.notes.join('\n')).toMatch(/used the scale model \(scale 0.1\): capacities are model knees ÷ scale/);
  });

  it('given a knee above the target, then one box holds it and no CDN is needed', () => {
    const plan = planCapacity({ rate: 10_000, results: [stage1({ knee: 20_000 })], tierAssumptions: TIERS });
    expect(plan.stages[0].holds).toBe(true);
    expect(plan.stages[0].summary).toMatch(/one box holds the target: 20,000 req\/s ≥ 10,000 req\/s/);
    expect(plan.stages[0].cdnHitRatio.value).toBe(0);
  });

  it('given no knee search, then the capacity is the highest step within the SLO, said to be a lower bound', () => {
    const plan = planCapacity({ rate: 10_000, results: [stage1()], tierAssumptions: TIERS });
    expect(plan.stages[0].capacity.value).toBe(500);
    expect(plan.stages[0].capacity.formula).toMatch(/lower bound/);
  });

  it('given 1M users with the default-style tiers, then the target is 40,400 req/s at peak', () => {
    const tiers = { readsPerUserPerDay: 345.6, writesPerUserPerDay: 3.456, peakFactor: 10, secondsPerDay: 86_400 };
    const plan = planCapacity({ users: 1_000_000, results: [stage1({ knee: 1000 })], tierAssumptions: tiers });
    expect(plan.target.peakRate).toBeCloseTo(40_400, 6);
    expect(plan.target.peakWriteRate).toBeCloseTo(400, 6);
    expect(plan.assumptions.find((a) => a.name === 'peak factor')).toMatchObject({ value: 10, source: 'tiers file' });
  });

  it('given closed-model probes at only 2 distinct connection counts, then the USL fit says it is not possible', () => {
    const run = syntheticRun({
      stage: 1,
      steps: [8, 8, 64].map((c) => ({ tier: 'probe', kind: 'probe' as const, model: 'closed' as const, connections: c, targetRate: null, latenciesUs: fast(), achievedRate: 900 })),
    });
    const plan = planCapacity({ rate: 10_000, results: [run], tierAssumptions: TIERS });
    const [u] = plan.stages[0].usl;
    expect(u.fit.ok).toBe(false);
    expect(renderPlanMarkdown(plan)).toMatch(/USL fit not possible: needs throughput at ≥ 3 distinct concurrencies, got 2/);
  });

  it('given stage 3 runs with 2, 3, 4 app processes following the law, then σ, κ are fitted and the process count is checked against N*', () => {
    const law = { lambda: 1500, sigma: 0.2, kappa: 0.02 };
    const runs = [2, 3, 4, 6].map((n) =>
      syntheticRun({
        stage: 3,
        configHash: `c0ffee0000000${n}00`,
        config: { stage: 3, topology: { appProcesses: n } },
        knee: uslThroughput(n, law),
        steps: [{ tier: '100k', latenciesUs: fast(), achievedRate: 1000, durationS: 1, processes: Array.from({ length: n }, (_, i) => ({ name: `app-${i}`, role: 'app', cpuMsPerRequest: 0.5 / n })) }],
      }),
    );
    const plan = planCapacity({ rate: 10_000, results: runs, tierAssumptions: TIERS });
    const s = plan.stages[0];
    const fit = s.usl.find((u) => u.basis.startsWith('capacity vs app processes'))!.fit;
    expect(fit.ok).toBe(true);
    if (fit.ok) {
      expect(fit.sigma).toBeCloseTo(0.2, 6);
      expect(fit.kappa).toBeCloseTo(0.02, 6);
    }
    expect(s.appProcesses.value).toBe(Math.ceil((10_000 * 0.5) / 700));
    expect(s.appProcesses.note).toMatch(/USL: throughput peaks at N\* ≈ 6.32 processes/);
    expect(s.capacity.formula).toMatch(/best of 4 configurations/);
  });

  it('given a sweep whose steps sampled no app process (external target), then the process count comes from config.topology.appProcesses', () => {
    const law = { lambda: 400, sigma: 0.1, kappa: 0.01 };
    const runs = [1, 2, 4, 6].map((n) =>
      syntheticRun({ stage: 3, configHash: `beef00000000${n}000`, config: { stage: 3, topology: { appProcesses: n } }, knee: uslThroughput(n, law), steps: [{ tier: '100k', latenciesUs: fast(), achievedRate: 300 }] }),
    );
    const u = planCapacity({ rate: 10_000, results: runs, tierAssumptions: TIERS }).stages[0].usl.find((x) => x.basis.startsWith('capacity vs app processes'));
    expect(u?.points.map((p) => p.n)).toEqual([1, 2, 4, 6]);
    expect(u?.fit.ok).toBe(true);
  });

  it('renders both formats with every assumption next to its number', () => {
    const plan = planCapacity({ rate: 10_000, results: [stage1({ knee: 1000 })], tierAssumptions: TIERS });
    const md = renderPlanMarkdown(plan);
    expect(md).toMatch(/^# Capacity plan: 10,000 req\/s/);
    expect(md).toMatch(/\| app processes \| 10 processes \| 10,000 req\/s × 0.7 CPU-ms\/req ÷ \(1000 × 0.7\) = 10 → 10 .*\| app CPU-ms per request = 0.7 ms \(measured/);
    expect(md).toMatch(/\| usable utilization per core \| 0.7 \| assumed \|/);
    const table = renderPlanTable(plan);
    expect(table).toMatch(/app processes\s+10 processes\n\s+how: 10,000 req\/s × 0.7/);
    expect(table).toMatch(/rests on: .*usable utilization per core = 0.7 \(assumed\)/);
  });

  it('given no target or two targets, then a one-line UserError', () => {
    expect(() => planCapacity({ results: [], tierAssumptions: TIERS })).toThrow(/plan needs a target/);
    expect(() => planCapacity({ users: 1, rate: 1, results: [], tierAssumptions: TIERS })).toThrow(/not both/);
  });
});
