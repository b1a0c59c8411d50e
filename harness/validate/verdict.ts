// Decides a claim's verdict from stated vs recomputed (arithmetic first) and stated vs measured, with the numbers in the reason.
import type { CheckKind, Claim, ComputedValue, Tolerance, Verdict } from './claim-types.ts';
import { formatValue, sig } from '../render/format-units.ts';
import type { Recomputation } from './formulas/formula-types.ts';

const DEFAULT_TOLERANCE: Tolerance = { rel: 0.1 };

export function allowance(stated: number, tol: Tolerance = DEFAULT_TOLERANCE): number {
  return Math.max((tol.rel ?? 0) * Math.abs(stated), tol.abs ?? 0);
}

/** stated vs actual under a check: within ± allowance, at most stated + allowance, at least stated − allowance. */
export function passes(check: CheckKind, stated: number, actual: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  const a = allowance(stated, tol);
  if (check === 'within') return Math.abs(actual - stated) <= a + 1e-12;
  if (check === 'at-most') return actual <= stated + a + 1e-12;
  return actual >= stated - a - 1e-12;
}

function tolText(stated: number, unit: string, tol: Tolerance = DEFAULT_TOLERANCE): string {
  return `± ${formatValue(allowance(stated, tol), unit === 'fraction' ? 'fraction' : unit)}`;
}

const CHECK_WORDS: Record<CheckKind, string> = { within: 'within', 'at-most': 'at most', 'at-least': 'at least' };

export interface MeasuredOutcome {
  value: ComputedValue | null;
  /** Why there is no measured value: skipped on purpose, or failed (e.g. redis-server missing). */
  skipped?: string;
  failed?: string;
}

export function decideVerdict(claim: Claim, re: Recomputation | null, measured: MeasuredOutcome): { verdict: Verdict; reason: string } {
  const stated = claim.stated.value;
  const unit = claim.stated.unit;
  const parts: string[] = [];

  if (re && re.checksStated && stated !== null && re.value !== null) {
    const ok = passes('within', stated, re.value, claim.tolerance);
    const off = stated !== 0 ? ` (${re.value >= stated ? '+' : ''}${sig(((re.value - stated) / stated) * 100)} %)` : '';
    if (!ok) {
      const solved = re.solved ? `; the stated number needs ${re.solved.input} = ${sig(re.solved.value)}, not ${sig(re.solved.was)}` : '';
      return {
        verdict: 'arithmetic does not hold',
        reason: `recomputed ${formatValue(re.value, unit)} vs stated ${formatValue(stated, unit)}${off}, outside ${tolText(stated, unit, claim.tolerance)}${solved}`,
      };
    }
    parts.push(`arithmetic holds: ${formatValue(re.value, unit)} vs ${formatValue(stated, unit)}${off}`);
  }

  const mv = measured.value;
  if (claim.measure && mv && mv.value !== null && stated !== null) {
    const { check, tolerance } = claim.measure;
    const ok = passes(check, stated, mv.value, tolerance);
    const bound = `${CHECK_WORDS[check]} ${formatValue(stated, unit)} ${tolText(stated, unit, tolerance)}`;
    parts.push(`measured ${formatValue(mv.value, unit)}, ${ok ? 'meets' : 'fails'} "${bound}"`);
    return { verdict: ok ? 'holds' : 'contradicted by measurement', reason: parts.join('; ') };
  }

  if (parts.length > 0) {
    if (claim.measure) parts.push(measured.failed ? `not measured: ${measured.failed}` : `not measured (${measured.skipped ?? 'skipped'})`);
    return { verdict: 'holds', reason: parts.join('; ') };
  }
  if (claim.measure) {
    if (measured.failed) return { verdict: 'not measurable here', reason: measured.failed };
    return { verdict: 'not measured yet', reason: measured.skipped ?? 'measurement skipped' };
  }
  return { verdict: 'not measurable here', reason: claim.note ?? 'nothing on this machine can check it' };
}
