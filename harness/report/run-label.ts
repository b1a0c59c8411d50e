// Short, unique labels for the runs of a report: "stage 2"; "stage 3 ×4 apps" when runs of a stage differ in app
// processes (a sweep); "stage 2 · a1b2c3d" when they differ in commit; numbered when still equal.
import type { RunResult } from '../results/result-types.ts';

export function runLabels(results: RunResult[]): string[] {
  // Within each group of equal labels, add what tells its runs apart, if it does.
  const distinct = (labels: string[], part: (r: RunResult) => string) =>
    labels.map((l, i) => {
      const group = labels.flatMap((x, j) => (x === l ? [part(results[j])] : []));
      return group.length > 1 && new Set(group).size > 1 ? `${l}${part(results[i])}` : l;
    });
  const byStage = results.map((r) => `stage ${r.stage}`);
  const byApps = distinct(byStage, (r) => (r.config.topology?.appProcesses !== undefined ? ` ×${r.config.topology.appProcesses} apps` : ''));
  const labels = distinct(byApps, (r) => ` · ${r.commit ? r.commit.slice(0, 7) : 'no commit'}${r.dirty ? '+dirty' : ''}`);
  // Still equal (same stage, same size, same commit): number them in order.
  return labels.map((l, i) => (labels.filter((x) => x === l).length > 1 ? `${l} #${labels.slice(0, i + 1).filter((x) => x === l).length}` : l));
}

/** Steps that measure the target (warm-up is driven but never counted). */
export function measuredSteps(r: RunResult): RunResult['steps'] {
  return r.steps.filter((s) => s.kind !== 'warmup');
}

/** A step's name in charts: its tier, plus kind/connections for probes; "(loadgen-bound)" when the generator was the limit. */
export function stepLabel(s: RunResult['steps'][number]): string {
  const name = s.kind === 'tier' ? s.tier : `${s.tier} ${s.kind}${s.model === 'closed' ? ` c=${s.connections}` : ''}`;
  return s.loadgenBound ? `${name} (loadgen-bound)` : name;
}
