// Measured knee against the bottleneck law: within 25 % it agrees; beyond, the gap is a finding and the breaking step's figures say which.
import type { RunResult, StepResult } from '../results/result-types.ts';
import { kneeGap, predictKnee, type KneePrediction } from './knee-law.ts';
import { breakingStep, stepCauses, type Cause } from './what-broke.ts';

export interface KneeFinding {
  measured: number;
  prediction: KneePrediction;
  /** measured ÷ predicted. */
  ratio: number;
  /** More than 25 % away from the prediction. */
  finding: boolean;
  /** What explains the gap (empty when there is no finding). */
  causes: Cause[];
  text: string;
}

const r0 = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(3))));

/** Compares a run's knee with the law; undefined without a knee or without per-request costs to predict from. */
export function kneeFinding(r: RunResult, prediction: KneePrediction | undefined = predictKnee(r.steps)): KneeFinding | undefined {
  if (!r.knee || !prediction) return undefined;
  const measured = r.knee.rate;
  const gap = kneeGap(measured, prediction.rate);
  const head = `measured knee ${r0(measured)} req/s vs predicted ${r0(prediction.rate)} (${prediction.component}): ${gap.off >= 0 ? '+' : ''}${(gap.off * 100).toFixed(0)} %`;
  if (!gap.finding) return { measured, prediction, ratio: gap.ratio, finding: false, causes: [], text: `${head}, within 25 %` };
  if (prediction.lowerBound && gap.off > 0) {
    return { measured, prediction, ratio: gap.ratio, finding: false, causes: [], text: `${head}, above a prediction that is only a lower bound (its cost is an average with idle work in it): run more tiers below the knee for a marginal cost` };
  }
  const s = breakingStep(r);
  // A late knee: the law over-charged each request, and what the breaking step shows (its stalls) does not explain that.
  if (gap.off > 0) return { measured, prediction, ratio: gap.ratio, finding: true, causes: [], text: `${head}, a finding: ${lateKnee(s, prediction)}` };
  // An early knee: the predicted machine reaching its budget is what the law expects; anything else is what made it early.
  const causes = (s ? stepCauses(s) : []).filter((c) => !(c.kind === 'saturation' && c.component === prediction.component));
  const why = causes.length > 0 ? causes.map((c) => `${c.kind}: ${c.text}`).join('; ') : 'unexplained: the knee came early with no lock, queue, stall or other saturated machine in the breaking step';
  return { measured, prediction, ratio: gap.ratio, finding: true, causes, text: `${head}, a finding: ${why}` };
}

/** A knee above the law: the limiting machine's cost per request at the break against the marginal cost the law used. */
function lateKnee(s: StepResult | undefined, p: KneePrediction): string {
  const limit = p.limits[0];
  const proc = s?.processes.find((x) => x.name === p.component);
  if (s && proc && limit && proc.cpuMsPerRequest > 0 && proc.cpuMsPerRequest < limit.cpuMsPerRequest * 0.9) {
    return (
      `cost per request falls under load: at the break ${p.component} spent ${proc.cpuMsPerRequest.toFixed(3)} CPU-ms/req (idle included) against ` +
      `the ${limit.cpuMsPerRequest.toFixed(3)} marginal cost fitted lower down (more requests per event-loop turn): CPU is not linear in the rate here`
    );
  }
  if (proc && (proc.throttle?.throttled ?? 0) === 0 && proc.budgetCores !== undefined) return `${p.component} was never throttled at the break: its budget may not have been enforced`;
  return 'the knee came late with no figure to say why';
}
