// Measured values read from files other commands wrote: a step figure of the latest bench of a stage, and the latest
// `scaleladder keys-moved` run of an algorithm. Absent files leave the claim "not measured yet" with the command to run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { KeysMovedResult } from '../placement/measure-keys-moved.ts';
import type { RunResult } from '../results/result-types.ts';
import type { Claim, ComputedValue } from './claim-types.ts';
import { formatValue } from '../render/format-units.ts';

export interface FileMeasure {
  value: ComputedValue | null;
  /** Why there is no value: what to run. */
  missing?: string;
}

/** inputs: { stage, figure, tier? } → that figure of the step at `tier` (default: the first tier step) of the stage's result. */
export function stageFigure(claim: Claim, results: { path: string; result: RunResult }[]): FileMeasure {
  const stage = Number(claim.inputs.stage);
  const figure = String(claim.inputs.figure);
  const tier = typeof claim.inputs.tier === 'string' ? claim.inputs.tier : undefined;
  const run = [...results].reverse().find((r) => r.result.stage === stage && !r.result.config?.target);
  if (!run) return { value: null, missing: `no stage-${stage} result: run \`make bench-stage-${stage}\` (validate reads results/latest-stage-*.json)` };
  const steps = run.result.steps.filter((s) => s.kind === 'tier' && (tier === undefined || s.tier === tier));
  const figureOf = (s: (typeof steps)[number]) => (s.figures as Record<string, number | undefined> | undefined)?.[figure];
  const step = steps.find((s) => typeof figureOf(s) === 'number');
  if (!step) return { value: null, missing: `the stage-${stage} result (${run.path}) has no figure ${figure}${tier ? ` at tier ${tier}` : ''}` };
  const v = figureOf(step)!;
  const unit = claim.stated.unit;
  return {
    value: { value: v, unit, text: `${figure} = ${formatValue(v, unit)} at stage ${stage}, tier ${step.tier} (${basename(run.path)})`, details: { file: run.path, tier: step.tier } },
  };
}

interface KeysMovedRecord {
  balancer: string;
  from: number;
  to: number;
  codes: number;
  startedAt: string;
  results: KeysMovedResult[];
}

/** The newest keys-moved run (results/keys-moved/*.json, names sort by time) that measured `algorithm`. */
export function latestKeysMoved(resultsRoot: string, algorithm: string): { file: string; record: KeysMovedRecord; result: KeysMovedResult } | undefined {
  const dir = join(resultsRoot, 'keys-moved');
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort().reverse()) {
    try {
      const record = JSON.parse(readFileSync(join(dir, name), 'utf8')) as KeysMovedRecord;
      const result = record.results?.find((r) => r.algorithm === algorithm);
      if (result) return { file: join(dir, name), record, result };
    } catch {
      // a half-written or foreign file: skip it
    }
  }
  return undefined;
}

/** inputs: { algorithm } → the share of codes answered by another process after one joined (for no affinity: churn). */
export function keysMovedChurn(claim: Claim, resultsRoot: string): FileMeasure {
  const algorithm = String(claim.inputs.algorithm);
  const k = latestKeysMoved(resultsRoot, algorithm);
  if (!k) return { value: null, missing: `no keys-moved run of ${algorithm}: run \`scaleladder keys-moved --algorithms ${algorithm}\`` };
  const r = k.result;
  return {
    value: {
      value: r.moved,
      unit: 'fraction',
      text: `${r.balancer} ${algorithm}, ${r.from} → ${r.to} apps, ${r.compared} codes: ${formatValue(r.moved, 'fraction')} answered by another process after the join; ${formatValue(r.baselineChurn, 'fraction')} between two passes with nothing changed (${basename(k.file)})`,
      details: { file: k.file, baselineChurn: r.baselineChurn, movedToNew: r.movedToNew, meaningful: r.meaningful },
    },
  };
}
