// The ladder per rung: knee (model, full-size, interval), the law's prediction and component, what broke, p99 at the previous break,
// marginal CPU-ms per role, DB reads and origin requests per request, far-region p99.
import { describe, expect, it } from 'vitest';
import { ladderRungs } from '../../harness/analysis/ladder-rungs.ts';
import { encodeHistogram, newLatencyHistogram, recordUs } from '../../harness/measure/histogram.ts';
import { behindTheEdge, LADDER_COLUMNS, renderLadder } from '../../harness/render/render-ladder.ts';
import type { RunResult, StepResult } from '../../harness/results/result-types.ts';
import { costStep, type CostProc } from './helpers/cost-steps.ts';
import { syntheticRun } from '../helpers/synthetic-result.ts';
import { syntheticResult } from '../helpers/synthetic-result.ts';

const scaleModel = (machines: CostProc[]) => ({
  enforcement: 'cgroup1' as const, reason: 'root', periodUs: 10_000, scale: 0.1, oversubscribed: false,
  machines: machines.map((m) => ({ name: m.name, role: m.role, cpu: m.budgetCores ?? 0.1 })),
});

function region(medianUs: number, p99Us: number) {
  const h = newLatencyHistogram();
  for (let i = 0; i < 100; i++) recordUs(h, i < 98 ? medianUs : p99Us);
  return { count: 100, latencyUs: { p50: medianUs, p90: medianUs, p99: p99Us, p999: p99Us, max: p99Us }, histogram: encodeHistogram(h) };
}

function run(stage: number, procs: CostProc[], tiers: { tier: string; rate: number; pass: boolean; figures?: Record<string, number> }[], knee: number, extra: { failRate?: number; apps?: number; brokeFigures?: Record<string, number> } = {}): RunResult {
  const r = syntheticRun({ stage, steps: [], config: { stage, topology: { appProcesses: extra.apps ?? 1 } } });
  r.steps = tiers.map((t) => costStep(t.rate, procs, { tier: t.tier, pass: t.pass, figures: t.figures }));
  r.steps.push(costStep(knee * 1.2, procs, { tier: 'knee', kind: 'knee', pass: false, figures: extra.brokeFigures }));
  r.knee = { rate: knee, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'x', probes: [], ...(extra.failRate ? { failRate: extra.failRate } : {}) } as RunResult['knee'];
  r.scaleModel = scaleModel(procs);
  return r;
}

const app1: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.21, idle: 0.005, budgetCores: 0.1 }];
const stage3: CostProc[] = [
  ...[1, 2, 3, 4].map((i) => ({ name: `app-${i}`, role: 'app', ms: 0.33 / 4, idle: 0.002, budgetCores: 0.1 })),
  { name: 'nginx', role: 'balancer', ms: 0.085, budgetCores: 0.1 },
];

describe('ladder', () => {
  const s1 = run(1, app1, [{ tier: '1k', rate: 4, pass: true, figures: { dbReadsPerRequest: 1 } }, { tier: '10k', rate: 40, pass: true, figures: { dbReadsPerRequest: 1 } }, { tier: '100k', rate: 404, pass: true, figures: { dbReadsPerRequest: 1 } }, { tier: '1m', rate: 4040, pass: false, figures: { dbReadsPerRequest: 1 } }], 440, { failRate: 470 });
  const s3 = run(3, stage3, [{ tier: '1k', rate: 4, pass: true, figures: { dbReadsPerRequest: 0.1 } }, { tier: '100k', rate: 404, pass: true, figures: { dbReadsPerRequest: 0.1 } }, { tier: '1m', rate: 1100, pass: true, figures: { dbReadsPerRequest: 0.1, originRequestsPerRequest: 0.05 } }], 1150, { apps: 4 });
  (s3.steps[2] as StepResult & { byRegion?: unknown }).byRegion = { near: region(2000, 5000), far: region(80_000, 95_000) };

  it('computes each rung from its steps: the law names the machine, the knee has both ends and a full-size equivalent', () => {
    const [r1, r3] = ladderRungs([s3, s1]);
    expect(r1.knee).toEqual({ rate: 440, failRate: 470 });
    expect(r1.fullSizeKnee!.rate).toBeCloseTo(4400, 9);
    expect(r1.fullSizeKnee!.failRate).toBeCloseTo(4700, 9);
    // (0.1 − 0.005) ÷ 0.21 ms = 452 req/s
    expect(r1.prediction!.component).toBe('app-1');
    expect(r1.prediction!.rate).toBeCloseTo(0.095 / 0.00021, 6);
    expect(r1.finding!.finding).toBe(false);
    // 440 req/s → 1m breaks at stage 1 (4,040 req/s). Stage 3 holds 1m at 1,100 model req/s? Its p99 there is shown.
    expect(r3.p99AtPrevBreak).toMatchObject({ tier: '1m', pass: true });
    expect(r3.prediction!.component).toBe('nginx'); // 0.1 ÷ 0.085 ms = 1,176 < apps (0.098 ÷ 0.0825 ms = 1,188)
    expect(r3.costByRole.find((c) => c.role === 'app')!.cpuMsPerRequest).toBeCloseTo(0.33, 9);
    expect(r3.broke).toMatchObject({ component: 'nginx' });
    expect(r3.farRegion).toMatchObject({ region: 'far', p99Us: 95_000 });
    expect(r3.originRequestsPerRequest).toBeCloseTo(0.05, 9);
  });

  it('renders the columns with values and labels', () => {
    const out = renderLadder([s3, s1]);
    const lines = out.split('\n');
    const header = lines.find((l) => l.startsWith('rung'))!;
    for (const c of LADDER_COLUMNS) expect(header).toContain(c);
    const row1 = lines.find((l) => l.startsWith('1 '))!;
    const row3 = lines.find((l) => l.startsWith('3 '))!;
    expect(row1).toMatch(/440–470 +4,400–4,700 +452 app-1 +app-1: saturation/);
    expect(row1).toMatch(/app 0\.210 \+0\.005c idle/);
    expect(row1).toMatch(/1\.000 +— +—$/);
    expect(row3).toMatch(/1,150 \(\+161 % better\) +11,500 +1,176 nginx +nginx: saturation +1m 2\.\d\d +app 0\.330 \+0\.008c idle, balancer 0\.085 +0\.100 \(-90 % better\) +0\.050 +far 95\.0$/);
    expect(out).toContain('stage 1: knee 440–470 req/s (model at scale 0.1; full-size ≈ 4,400–4,700 req/s)');
    expect(out).toMatch(/broke at 528 req\/s \(knee\): app-1 CPU saturated \(\d+ % of its 0.1-core budget\)/);
  });

  it('given a calibration of the limiting machine, then the full-size knee is also shown corrected by its distortion', () => {
    const r = run(1, app1, [{ tier: '1k', rate: 4, pass: true }, { tier: '10k', rate: 40, pass: true }], 440);
    r.scaleModel!.calibration = [{ name: 'app-1', role: 'app', rate: 150, unconstrainedCpuMsPerRequest: 0.112, budgetedCpuMsPerRequest: 0.21, distortion: 0.21 / 0.112 }];
    const out = renderLadder([r]);
    expect(out).toMatch(/^1 +440 +4,400 \(cal\. ×1\.88 = 8,250\) +452 app-1/m);
    expect(out).toContain('calibrated: app-1 costs 1.88× per request on its small machine than on a whole core, so full-size ≈ 8,250 req/s');
  });

  it('given a run on PostgreSQL with a replica and create-then-follow, then its rung has one postgres line: queries split, CPU-ms per query, pool waits, lag and lag 404s; SQLite rungs have none', () => {
    const pg = { pgQueriesPerRequest: 1.2, pgPrimaryReadsPerRequest: 0.05, pgReplicaReadsPerRequest: 0.9, pgWritesPerRequest: 0.25, pgPrimaryCpuMsPerQuery: 0.12, pgReplicaCpuMsPerQuery: 0.06, pgPoolWaitShare: 0.02, pgReadReplicas: 1, pgReplicaLagMsP50: 1, pgReplicaLagMsMax: 9, pgReplicaStale404s: 3, followAfterCreateSent: 40, followAfterCreate404s: 3 };
    const onPg = run(1, app1, [{ tier: '1k', rate: 4, pass: true, figures: pg }, { tier: '10k', rate: 40, pass: true, figures: { ...pg, pgReplicaLagMsMax: 20 } }], 440);
    const out = renderLadder([onPg, s3]);
    expect(out).toContain(
      'postgres: 1.200 queries/req (primary reads 0.050, replica reads 0.900, writes 0.250); CPU-ms/query primary 0.120, replicas 0.060; pool waits 2.0 %; 1 replica, lag p50 1.0 ms, max 20.0 ms; lag 404s 6; follows after create: 6 of 80 404',
    );
    expect(out.match(/postgres:/g)).toHaveLength(1);
  });

  it('given a run on PostgreSQL shards, then its postgres line says how many shard servers and how even their writes were; given fix-age, the young-code reads and the bound', () => {
    const sh = { pgQueriesPerRequest: 1.6, pgPrimaryReadsPerRequest: 0.7, pgReplicaReadsPerRequest: 0, pgWritesPerRequest: 0.9, pgReadReplicas: 0, shards: 2, shardWriteSkew: 1.19 };
    expect(renderLadder([run(5, app1, [{ tier: '1k', rate: 4, pass: true, figures: sh }], 440)])).toContain(
      'postgres: 1.600 queries/req (primary reads 0.700, replica reads 0.000, writes 0.900); 2 shard servers, each a primary, busiest 1.19× the mean writes',
    );
    const age = { pgQueriesPerRequest: 1.2, pgPrimaryReadsPerRequest: 0.14, pgReplicaReadsPerRequest: 0.74, pgWritesPerRequest: 0.3, pgReadReplicas: 1, pgReplicaStale404s: 0, pgYoungPrimaryReads: 59, pgLagBoundMs: 309.4 };
    expect(renderLadder([run(1, app1, [{ tier: '1k', rate: 4, pass: true, figures: age }], 440)])).toContain('lag 404s 0; fix-age: 59 young codes read the primary (bound 309 ms)');
  });

  it('flags a knee more than 25 % from the law and says what the breaking step shows', () => {
    const early = run(3, stage3, [{ tier: '1k', rate: 4, pass: true }, { tier: '100k', rate: 404, pass: true }], 600, { apps: 4, brokeFigures: { sqliteBusyRetries: 50, dbWrites: 100 } });
    early.steps[early.steps.length - 1] = costStep(700, stage3, { tier: 'knee', kind: 'knee', pass: false, figures: { sqliteBusyRetries: 50, dbWrites: 100 } });
    const out = renderLadder([early]);
    expect(out).toMatch(/1,176 nginx !/);
    expect(out).toMatch(/law: measured knee 600 req\/s vs predicted 1,176 \(nginx\): -49 %, a finding: lock: SQLite writer lock: 50 busy retries for 100 writes/);
  });

  it('given results without the scale model or costs (older results), then dashes, and the per-tier table with changes is still there', () => {
    const a = syntheticResult(Array.from({ length: 1000 }, () => 20_000));
    a.knee = { rate: 1000, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'at 1100 req/s: app-1 CPU saturated', probes: [] };
    const b = syntheticResult(Array.from({ length: 1000 }, () => 5_000));
    b.stage = 2;
    b.knee = { ...a.knee, rate: 3000 };
    b.steps[0].figures = { dbReadsPerRedirect: 0.1, cacheHitRatio: 0.9 };
    const out = renderLadder([b, a]);
    const row2 = out.split('\n').find((l) => l.startsWith('2 '))!;
    expect(row2).toMatch(/^2 +3,000 \(\+200 % better\) +— +/);
    expect(out).toMatch(/\n2 +5\.0\d \(-75 % better\) +redis 90\.0 %/);
    expect(out).toContain('  broke at 1100 req/s: app-1 CPU saturated');
  });
});

describe('bench summary under the scale model', () => {
  it('shows the full-size equivalent rate, each process against its budget with throttling, the marginal cost and the law', async () => {
    const { renderBench } = await import('../../harness/render/render-bench.ts');
    const procs: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.21, idle: 0.005, budgetCores: 0.1, throttled: 0.1 }];
    const r = run(1, procs, [{ tier: '1k', rate: 4, pass: true }, { tier: '10k', rate: 40, pass: true }, { tier: '100k', rate: 404, pass: true }], 440);
    r.scaleModel!.calibration = [{ name: 'app-1', role: 'app', rate: 150, unconstrainedCpuMsPerRequest: 0.112, budgetedCpuMsPerRequest: 0.21, distortion: 1.88, label: 'costlier' }];
    const out = renderBench(r);
    expect(out).toContain('  calibration app-1: 0.112 CPU-ms/req on a whole core → 0.21 on its budget (×1.88: costlier)');
    expect(out).toMatch(/scale model 1:10 \(cgroup1, period 10 ms\): app-1 0.1; full-size ≈ model rate ÷ scale/);
    expect(out).toMatch(/\n100k +404 +404 +4,040 /);
    expect(out).toMatch(/100k +app-1 +app +9 % +90 % of 0.1 budget SAT +10 %/);
    expect(out).toMatch(/marginal CPU-ms per client request \(slope over unsaturated steps, \+idle cores\): app 0\.210 \+0\.005c idle/);
    expect(out).toMatch(/LAW: measured knee 440 req\/s vs predicted 452 \(app-1\): -3 %, within 25 %/);
    expect(out).toMatch(/KNEE: 440 req\/s \(full-size ≈ 4,400 req\/s\)/);
  });
});

describe('scaleladder ladder (the CLI)', () => {
  it('given two result files, then it prints the rung table with the law and exits 0; given none, exit 2 with what to run', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'ladder-cli-'));
    try {
      const s1 = run(1, app1, [{ tier: '1k', rate: 4, pass: true }, { tier: '10k', rate: 40, pass: true }, { tier: '1m', rate: 4040, pass: false }], 440, { failRate: 470 });
      const s3 = run(3, stage3, [{ tier: '1k', rate: 4, pass: true }, { tier: '100k', rate: 404, pass: true }, { tier: '1m', rate: 1100, pass: true }], 1150, { apps: 4 });
      writeFileSync(join(dir, 'a.json'), JSON.stringify(s1));
      writeFileSync(join(dir, 'b.json'), JSON.stringify(s3));
      const bin = new URL('../../bin/scaleladder.mjs', import.meta.url).pathname;
      const ok = spawnSync(process.execPath, [bin, 'ladder', join(dir, 'a.json'), join(dir, 'b.json')], { encoding: 'utf8', timeout: 60_000 });
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^1 +440–470 +4,400–4,700 +452 app-1 /m);
      expect(ok.stdout).toMatch(/^3 +1,150 \(\+161 % better\) +11,500 +1,176 nginx +nginx: saturation +1m /m);
      const none = spawnSync(process.execPath, [bin, 'ladder'], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
      expect(none.status).toBe(2);
      expect(none.stderr).toMatch(/no results to compare/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('what broke', () => {
  it('given 4 app machines saturated together, then it names the role and the count', async () => {
    const { whatBroke } = await import('../../harness/analysis/what-broke.ts');
    const apps: CostProc[] = [1, 2, 3, 4].map((i) => ({ name: `app-${i}`, role: 'app', ms: 0.4, budgetCores: 0.1 }));
    const r = run(3, [...apps, { name: 'nginx', role: 'balancer', ms: 0.05, budgetCores: 0.15 }], [{ tier: '1k', rate: 4, pass: true }], 200);
    expect(whatBroke(r)).toMatchObject({ component: 'app ×4', cause: expect.stringMatching(/^app-\d CPU saturated \(96 % of its 0.1-core budget\)/) });
  });
});

describe('ladder of a sweep', () => {
  it('given stage 3 at 1, 2 and 4 app machines, then one rung per size in order, each with its knee and what capped it', () => {
    const sized = (n: number, knee: number) =>
      run(3, [...Array.from({ length: n }, (_, i) => ({ name: `app-${i + 1}`, role: 'app', ms: 0.33 / n, budgetCores: 0.1 })), { name: 'nginx', role: 'balancer', ms: 0.085, budgetCores: 0.1 }], [{ tier: '1k', rate: 4, pass: true }, { tier: '10k', rate: 40, pass: true }], knee, { apps: n });
    const out = renderLadder([sized(4, 1100), sized(1, 290), sized(2, 580)]);
    const rows = out.split('\n').filter((l) => /^3 ×\d apps/.test(l)).slice(0, 3); // the rung table, before the per-tier one
    expect(rows.map((l) => l.slice(0, 9))).toEqual(['3 ×1 apps', '3 ×2 apps', '3 ×4 apps']);
    expect(rows[0]).toMatch(/303 app-1 +app-1: saturation/); // 0.1 ÷ 0.33 ms
    expect(rows[2]).toMatch(/1,176 nginx +nginx: saturation/); // the balancer caps 4 apps
  });
});

describe('behind the edge', () => {
  it('names the origin machine that limits next when the CDN machine is the lowest limit, and says nothing otherwise', () => {
    const cdnFirst = [
      { component: 'cdn', role: 'cdn', rate: 140 },
      { component: 'app-2', role: 'app', rate: 509 },
      { component: 'nginx', role: 'balancer', rate: 880 },
    ];
    expect(behindTheEdge(cdnFirst)).toMatch(/caps this rung; the origin's own next limit is 509 req\/s \(app-2\)$/);
    expect(behindTheEdge(cdnFirst.slice(1))).toBeUndefined();
    expect(behindTheEdge([cdnFirst[0]])).toBeUndefined();
  });
});
