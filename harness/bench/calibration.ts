// The scale model's distortion check: the same short step driven unconstrained and on the budgets, cost per request
// of each process compared (a small machine is not a linear copy of a big one: fixed background work weighs more).
import type { Driver, StepSpec } from '../drivers/driver-types.ts';
import { ProcessSampler } from '../measure/process-sampler.ts';
import type { BootedStage } from '../stages/stage-types.ts';

export interface CalibrationRow {
  name: string;
  role: string;
  /** Client requests per second of the calibration step (model rate). */
  rate: number;
  unconstrainedCpuMsPerRequest: number;
  budgetedCpuMsPerRequest: number;
  /** budgeted ÷ unconstrained: how much more CPU a request costs on the small machine. */
  distortion: number;
  /** What that means for the full-size figure (harness/machines/distortion). */
  label: string;
}

/** Drives `seconds` at `rate` and returns each stage process's CPU-ms per completed request. */
export async function calibrate(
  driver: Driver,
  stage: BootedStage,
  spec: Omit<StepSpec, 'rate' | 'durationS' | 'signal'>,
  rate: number,
  seconds: number,
  signal: AbortSignal,
): Promise<Map<string, { role: string; cpuMsPerRequest: number }>> {
  const sampler = new ProcessSampler(stage.services.map((s) => ({ name: s.name, role: s.role, pid: s.pid, tree: true })));
  sampler.start();
  const m = await driver.runStep({ ...spec, rate, durationS: seconds, signal } as StepSpec);
  const accounts = sampler.stop();
  const out = new Map<string, { role: string; cpuMsPerRequest: number }>();
  for (const a of accounts) out.set(a.name, { role: a.role, cpuMsPerRequest: m.completed > 0 ? Math.round(((a.cpuSeconds * 1000) / m.completed) * 10_000) / 10_000 : 0 });
  return out;
}
