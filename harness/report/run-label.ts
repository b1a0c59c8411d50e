// Short, unique labels for the runs of a report: "stage 2", or "stage 2 · a1b2c3d" when two runs share a stage.
import type { RunResult } from '../results/result-types.ts';

export function runLabels(results: RunResult[]): string[] {
  const base = results.map((r) => `stage ${r.stage}`);
  const labels = results.map((r, i) => {
    const clash = base.filter((b) => b === base[i]).length > 1;
    if (!clash) return base[i];
    return `${base[i]} · ${r.commit ? r.commit.slice(0, 7) : 'no commit'}${r.dirty ? '+dirty' : ''}`;
  });
  // Still equal (same stage, same commit): number them in order.
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
