// The bottleneck law's arithmetic: min over machines of (budget − idle) ÷ marginal CPU per client request, and the 25 % finding.
import { describe, expect, it } from 'vitest';
import { componentLimit, kneeGap, predictKnee } from '../../harness/analysis/knee-law.ts';
import { kneeFinding } from '../../harness/analysis/knee-finding.ts';
import type { RunResult } from '../../harness/results/result-types.ts';
import { syntheticRun } from '../helpers/synthetic-result.ts';
import { costStep, type CostProc } from './helpers/cost-steps.ts';

const stage3: CostProc[] = [
  ...[1, 2, 3, 4].map((i) => ({ name: `app-${i}`, role: 'app', ms: 0.33 / 4, idle: 0.004, budgetCores: 0.1 })),
  { name: 'nginx', role: 'balancer', ms: 0.085, budgetCores: 0.1 },
  { name: 'redis', role: 'redis', ms: 0.02, budgetCores: 0.1 },
];

function run(steps: ReturnType<typeof costStep>[], knee: number): RunResult {
  const r = syntheticRun({ stage: 3, steps: [] });
  r.steps = steps;
  r.knee = { rate: knee, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'x', probes: [] };
  return r;
}

describe('bottleneck law', () => {
  it('one component: (0.1 − 0.004) cores ÷ 0.2 CPU-ms/req = 480 req/s', () => {
    expect(componentLimit(0.1, 0.2, 0.004)).toBeCloseTo(480, 9);
    expect(componentLimit(0.1, 0)).toBe(Infinity);
  });

  it('stage 3 with 4 apps of 0.1 core: nginx (0.1 ÷ 0.085 ms = 1,176 req/s) caps it before the apps (0.096 ÷ 0.0825 ms = 1,164)… and names it', () => {
    const steps = [100, 300, 600].map((r) => costStep(r, stage3));
    const p = predictKnee(steps)!;
    const apps = (0.1 - 0.004) / (0.0825 / 1000);
    const nginx = 0.1 / (0.085 / 1000);
    expect(p.limits.map((l) => l.component).slice(0, 5).sort()).toEqual(['app-1', 'app-2', 'app-3', 'app-4', 'nginx']);
    expect(p.rate).toBeCloseTo(Math.min(apps, nginx), 6);
    expect(p.component).toBe('app-1');
    expect(p.limits.find((l) => l.component === 'nginx')!.rate).toBeCloseTo(nginx, 6);
    expect(p.formula).toBe('(0.1 − 0.004 idle) cores ÷ 0.083 CPU-ms/req = 1,164 req/s');
  });

  it('processes without budgets sharing one CPU are also judged together against that CPU', () => {
    const shared: CostProc[] = [
      { name: 'app-1', role: 'app', ms: 0.2, cpus: '1' },
      { name: 'nginx', role: 'balancer', ms: 0.1, cpus: '1' },
    ];
    const p = predictKnee([100, 200, 400].map((r) => costStep(r, shared)))!;
    expect(p.component).toBe('CPU set 1 (app-1, nginx)');
    expect(p.rate).toBeCloseTo(1 / (0.3 / 1000), 6);
  });

  it('a knee within 25 % agrees; beyond it is a finding, attributed from the breaking step (SQLite busy retries)', () => {
    expect(kneeGap(1000, 1100)).toMatchObject({ finding: false });
    expect(kneeGap(700, 1000).finding).toBe(true);
    expect(kneeGap(1300, 1000).finding).toBe(true);
    const steps = [100, 300, 600].map((r) => costStep(r, stage3));
    const broke = costStep(800, stage3, { kind: 'knee', pass: false, figures: { sqliteBusyRetries: 120, dbWrites: 800, eventLoopDelayP99Ms: 45 } });
    const f = kneeFinding(run([...steps, broke], 700))!;
    expect(f.finding).toBe(true);
    expect(f.ratio).toBeCloseTo(700 / f.prediction.rate, 9);
    expect(f.causes.map((c) => c.kind)).toEqual(['lock', 'stall']);
    expect(f.text).toMatch(/measured knee 700 req\/s vs predicted 1,164 \(app-1\): -40 %, a finding: lock: SQLite writer lock: 120 busy retries for 800 writes; stall: app event-loop delay p99 45 ms/);
  });

  it('a knee well above the law, with a cheaper request at the break than the marginal cost, is a finding that says CPU is not linear in the rate', () => {
    const low: CostProc[] = [{ name: 'app-1', role: 'app', ms: 0.6, idle: 0.01, budgetCores: 0.1 }];
    const steps = [4, 40, 80].map((r) => costStep(r, low));
    const broke = costStep(250, [{ ...low[0], ms: 0.36 }], { kind: 'knee', pass: false }); // 0.1 core at 250 req/s: 0.4 ms/req
    const r = syntheticRun({ stage: 1, steps: [] });
    r.steps = [...steps, broke];
    r.knee = { rate: 232, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'x', probes: [] };
    const f = kneeFinding(r)!;
    expect(f.prediction.rate).toBeCloseTo(0.09 / 0.0006, 6);
    expect(f.text).toMatch(/measured knee 232 req\/s vs predicted 150 \(app-1\): \+55 %, a finding: cost per request falls under load: at the break app-1 spent 0\.400 CPU-ms\/req \(idle included\) against the 0\.600 marginal cost/);
  });

  it('a knee where the predicted machine saturates agrees and is no finding', () => {
    const steps = [100, 300, 600].map((r) => costStep(r, stage3));
    const broke = costStep(1250, stage3, { kind: 'knee', pass: false });
    const f = kneeFinding(run([...steps, broke], 1100))!;
    expect(f.finding).toBe(false);
    expect(f.text).toMatch(/within 25 %/);
  });
});
