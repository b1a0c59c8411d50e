// uneven-cost: does least-connections beat round-robin when a few requests are much more expensive than the rest?
// Stage 3 (nginx over 4 apps), unconstrained (--machine-cpu none). 5 % of the reads are slow redirects that burn 25 ms
// of real CPU in the app (workload slowShare/slowMs, app --max-work-ms): a single-threaded app busy with one holds every
// request behind it, which is what a balancer counting connections can route around (a timer delay would not occupy
// the app, and no algorithm would matter). Metrics: p99 of the cheap redirects, the mean queue per app (requests
// between the balancer's X-Request-Start stamp and the answer, Little's law) and the wait before the app.
// Claim least-connections-uneven-cost (seed 003 "Load Balancing").
import type { StepFigures } from '../measure/step-figures.ts';
import type { RunResult } from '../results/result-types.ts';
import { clearlyLarger, compareArms, comparisonStats } from './experiment-stats.ts';
import { tierSteps } from './experiment-series.ts';
import type { Experiment } from './experiment-types.ts';

const SLOW_SHARE = 0.05;
const SLOW_MS = 25;
/** Round-robin's cheap-request p99 must be at least this much higher than least-connections' to confirm. */
const FACTOR = 1.2;

const step = (r: RunResult) => tierSteps(r)[0];
const figure = (key: keyof StepFigures) => (r: RunResult) => step(r)?.figures[key] ?? null;
const endpointMs = (endpoint: string, q: 'p50' | 'p99') => (r: RunResult) => {
  const e = step(r)?.byEndpoint[endpoint];
  return e && e.count > 0 ? e.latencyUs[q] / 1000 : null;
};

export const unevenCost: Experiment = {
  name: 'uneven-cost',
  claimId: 'least-connections-uneven-cost',
  question: 'With a few expensive requests among cheap ones, does least-connections keep the cheap requests fast where round-robin queues them?',
  base: {
    stage: 3,
    machineCpu: 'none',
    calibrateS: 0,
    rate: 200,
    stepDurationS: 5,
    warmupS: 2,
    seedLinks: 2000,
    topology: { appProcesses: 4, balancer: 'nginx' },
    workload: { slowShare: SLOW_SHARE, slowMs: SLOW_MS },
  },
  arms: [
    { name: 'round-robin', label: 'nginx round-robin', overrides: { topology: { algorithm: 'round-robin' } } },
    { name: 'least-connections', label: 'nginx least_conn', overrides: { topology: { algorithm: 'least-connections' } } },
    { name: 'power-of-two', label: 'nginx random two least_conn', overrides: { topology: { algorithm: 'power-of-two' } } },
  ],
  repeats: 2,
  metrics: [
    { key: 'cheapP99Ms', label: 'cheap p99 ms', unit: 'ms', better: 'lower', read: endpointMs('redirect', 'p99') },
    { key: 'cheapP50Ms', label: 'cheap p50 ms', unit: 'ms', better: 'lower', read: endpointMs('redirect', 'p50') },
    { key: 'slowP99Ms', label: 'slow p99 ms', unit: 'ms', read: endpointMs('slow', 'p99') },
    { key: 'appInFlightMeanMax', label: 'queue/app (max)', unit: 'requests', better: 'lower', read: figure('appInFlightMeanMax') },
    { key: 'appInFlightMeanMin', label: 'queue/app (min)', unit: 'requests', read: figure('appInFlightMeanMin') },
    { key: 'lbQueueMsMean', label: 'wait before app ms', unit: 'ms', better: 'lower', read: figure('lbQueueMsMean') },
  ],
  notes: [
    `stage 3 unconstrained (--machine-cpu none), nginx over 4 apps; ${SLOW_SHARE * 100} % of reads are GET /<code>?work-ms=${SLOW_MS}: ${SLOW_MS} ms of real CPU (a busy loop on process.cpuUsage) in the app before it answers`,
    'queue/app: per app, Σ (answer − balancer stamp X-Request-Start) ÷ wall time = mean redirects waiting or in service there (Little\'s law); the table shows the most and the least loaded app',
    'the 4 apps share the stage CPU: a burning app also slows its neighbours a little, as machines of one host would; separate machines would widen the gap',
  ],
  verdict(values) {
    const v = (arm: string) => values.find((a) => a.arm === arm)?.values.cheapP99Ms ?? [];
    const c = compareArms(v('round-robin'), v('least-connections'));
    const p2c = v('power-of-two');
    const statistics = { ...comparisonStats('cheapP99RrVsLc', c), factorNeeded: FACTOR, ...(p2c.length ? { powerOfTwoCheapP99Ms: Math.round(Math.min(...p2c)) } : {}) };
    const words = `cheap-request p99 ${c.medianA.toFixed(0)} ms round-robin vs ${c.medianB.toFixed(0)} ms least-connections (×${c.ratio.toFixed(2)})`;
    if (clearlyLarger(c, FACTOR)) return { outcome: 'confirms', summary: `${words}: round-robin queues cheap requests behind slow ones`, statistics };
    if (c.ratio <= 1 && c.separated) return { outcome: 'contradicts', summary: `${words}: least-connections is no better here`, statistics };
    return { outcome: 'inconclusive', summary: `${words}: below ×${FACTOR} or the runs overlap`, statistics };
  },
};
