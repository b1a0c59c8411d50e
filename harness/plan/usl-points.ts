// (N, X) points for the Universal Scalability Law fit, from closed-model probes or from runs with different app process counts.
import type { RunResult } from '../results/result-types.ts';
import { fitUsl, type UslPoint } from '../stats/usl-fit.ts';
import type { UslReport } from './plan-types.ts';
import type { StageMeasurements } from './stage-measurements.ts';

/** Closed-model steps (fixed connections = N, achieved rate = X), leaving out loadgen-bound and aborted ones. */
export function probePoints(runs: readonly RunResult[]): UslPoint[] {
  return runs.flatMap((r) =>
    r.steps
      .filter((s) => s.model === 'closed' && s.kind !== 'warmup' && !s.aborted && !s.loadgenBound && s.connections > 0)
      .map((s) => ({ n: s.connections, x: s.achievedRate })),
  );
}

/** One point per run: its app process count and its capacity. */
export function processCountPoints(m: StageMeasurements): UslPoint[] {
  return m.perRun.filter((p) => p.appProcesses !== null && p.capacity !== null).map((p) => ({ n: p.appProcesses!, x: p.capacity! }));
}

/** Fits each basis that has points; says why not when there are fewer than 3 distinct N. */
export function uslReports(runs: readonly RunResult[], m: StageMeasurements): UslReport[] {
  const out: UslReport[] = [];
  const probes = probePoints(runs);
  if (probes.length > 0) out.push({ basis: 'throughput vs connections (closed-model probes)', points: probes, fit: fitUsl(probes) });
  const procs = processCountPoints(m);
  if (new Set(procs.map((p) => p.n)).size > 1) {
    out.push({ basis: 'capacity vs app processes (results with different process counts)', points: procs, fit: fitUsl(procs) });
  }
  if (out.length === 0) {
    out.push({
      basis: 'throughput vs connections (closed-model probes)',
      points: [],
      fit: { ok: false, reason: 'USL fit not possible: no closed-model probes and no runs with different app process counts', points: 0, distinctN: 0 },
    });
  }
  return out;
}
