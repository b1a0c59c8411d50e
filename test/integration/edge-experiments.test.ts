// The edge experiments (redirect-status, vary-trap, cdn-distance, shield) run shortened against real stage-4 processes
// (apps, Redis, nginx, the CDN emulator): each verdict's statistics are recomputed here from the arm result files, so
// the verdict comes from what was measured, and the effects the emulation makes certain are checked on the files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnDistance } from '../../harness/experiments/cdn-distance.ts';
import type { Experiment, ExperimentSummary } from '../../harness/experiments/experiment-types.ts';
import { redirectStatus } from '../../harness/experiments/redirect-status.ts';
import { runExperiment } from '../../harness/experiments/run-experiment.ts';
import { shield } from '../../harness/experiments/shield.ts';
import { varyTrap } from '../../harness/experiments/vary-trap.ts';
import type { StepFigures } from '../../harness/measure/step-figures.ts';
import type { RunResult, StepResult } from '../../harness/results/result-types.ts';

/** Small and short: one app behind nginx, a few hundred links, a 2 s step; flags as `scaleladder experiment` passes them. */
const SHORT = { stepDurationS: 2, warmupS: 0, seedLinks: 200, calibrateS: 0, pin: false, topology: { appProcesses: 1 } };
/** Where no arm changes the stage's parts: the CDN straight in front of one app (Redis and nginx play no part in the variable). */
const EDGE_ONLY = { without: ['redis', 'local-lru', 'balancer'] };

async function run(exp: Experiment, extra: object = {}): Promise<{ summary: ExperimentSummary; arm: (name: string) => StepResult }> {
  const dir = mkdtempSync(join(tmpdir(), `sl-${exp.name}-`));
  const { summary } = await runExperiment(exp, { flags: { ...SHORT, ...extra }, resultsDir: dir, runId: 'test' });
  expect(summary.aborted).toBeUndefined();
  const arm = (name: string): StepResult => {
    const file = summary.arms.find((a) => a.name === name)!.files[0];
    const r = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
    return r.steps.filter((s) => s.kind === 'tier').at(-1)!;
  };
  return { summary, arm };
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

describe('edge experiments, shortened', () => {
  it('redirect-status: a 302 without Cache-Control reaches the app on every click; a 301 is served by browsers on repeat clicks, and the verdict is those counts', async () => {
    // Ten users clicking 300 times over 200 links: each clicks some link more than once. The third arm is left out here.
    const exp = { ...redirectStatus, arms: redirectStatus.arms.slice(0, 2) };
    const { summary, arm } = await run(exp, { ...EDGE_ONLY, rate: 150, workload: { users: 10 } });
    const s302 = arm('302');
    const s301 = arm('301');
    expect(s302.clientCache!.clicks).toBeGreaterThan(100);
    expect(s302.clientCache!.browserHits).toBe(0);
    expect(s302.figures.redirects).toBe(s302.clientCache!.clicks);
    expect(s301.clientCache!.browserHits).toBeGreaterThan(0);
    expect(s301.figures.redirects).toBeLessThan(s301.clientCache!.clicks);
    const rec301 = r3(s301.figures.redirects! / s301.clientCache!.clicks);
    expect(summary.verdict.statistics.recordedMedianA).toBe(1);
    expect(summary.verdict.statistics.recordedMedianB).toBe(rec301);
    expect(summary.verdict.outcome).toBe(1 - rec301 >= 0.05 ? 'confirms' : 'inconclusive');
  }, 120_000);

  it('vary-trap: with Vary: User-Agent the CDN hits less and the origin sees more; the verdict reads those figures', async () => {
    const { summary, arm } = await run(varyTrap, { ...EDGE_ONLY, seedLinks: 100 });
    const off = arm('vary-off').figures as Required<StepFigures>;
    const on = arm('vary-on').figures as Required<StepFigures>;
    expect(on.cdnHitRatio).toBeLessThan(off.cdnHitRatio);
    expect(summary.verdict.statistics.hitRatioMedianA).toBe(off.cdnHitRatio);
    expect(summary.verdict.statistics.hitRatioMedianB).toBe(on.cdnHitRatio);
    expect(summary.verdict.statistics.originPerRequestMedianA).toBe(on.originRequestsPerRequest);
    const drop = off.cdnHitRatio - on.cdnHitRatio;
    const ratio = on.originRequestsPerRequest / off.originRequestsPerRequest;
    expect(summary.verdict.outcome).toBe(drop >= 0.1 && ratio >= 1.5 ? 'confirms' : drop < 0.03 && ratio < 1.1 ? 'contradicts' : 'inconclusive');
  }, 120_000);

  it('cdn-distance: without the CDN far clients pay their whole distance to the origin; the verdict is the far region\'s measured p99', async () => {
    const { summary, arm } = await run(cdnDistance, { rate: 80 });
    const without = arm('without-cdn');
    const withCdn = arm('with-cdn');
    // The generator adds ap's 47 ms (5 + 40 + 2) to every far request without the CDN: no answer can be faster.
    expect(without.byRegion!.ap.latencyUs.p50).toBeGreaterThanOrEqual(47_000);
    expect(withCdn.figures.cdnHitRatio).toBeGreaterThan(0);
    const a = without.byRegion!.ap.latencyUs.p99 / 1000;
    const b = withCdn.byRegion!.ap.latencyUs.p99 / 1000;
    expect(summary.verdict.statistics.apP99MedianA).toBe(r3(a));
    expect(summary.verdict.statistics.apP99MedianB).toBe(r3(b));
    const ratio = r3(a) / r3(b);
    // On a busy box the bench flags the step noisy, and a latency verdict then declines to decide.
    const noisy = without.noisyMachine === true || withCdn.noisyMachine === true;
    expect(summary.verdict.outcome).toBe(noisy ? 'inconclusive' : ratio >= 2 ? 'confirms' : ratio < 1.25 ? 'contradicts' : 'inconclusive');
  }, 120_000);

  it('shield: without the shield each PoP fetches hot links from the origin itself; the verdict is the measured origin requests', async () => {
    const { summary, arm } = await run(shield, { ...EDGE_ONLY, seedLinks: 100 });
    const on = arm('shield-on').figures as Required<StepFigures>;
    const off = arm('shield-off').figures as Required<StepFigures>;
    expect(off.cdnOriginRequests).toBeGreaterThan(on.cdnOriginRequests);
    expect(on.popMissLatencyMs).toBeGreaterThan(0);
    expect(off.popMissLatencyMs).toBeGreaterThan(0);
    expect(summary.verdict.statistics.originPerRequestMedianA).toBe(off.originRequestsPerRequest);
    expect(summary.verdict.statistics.originPerRequestMedianB).toBe(on.originRequestsPerRequest);
  }, 120_000);
});
