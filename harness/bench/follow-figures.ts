// Figures of the create-then-follow workload (--follow-after-create): what clients saw when they followed a code they had
// just created. A 404 there is the read-your-writes hazard (a read replica behind the primary), seen from the client.
import type { StepMeasurement } from '../drivers/driver-types.ts';

/** followAfterCreateSent, followAfterCreate404s and their share; none when the step followed nothing. */
export function followFigures(m: Pick<StepMeasurement, 'follows'>): Record<string, number> {
  const f = m.follows;
  if (f === undefined || f.sent === 0) return {};
  return {
    followAfterCreateSent: f.sent,
    followAfterCreate404s: f.notFound,
    followAfterCreate404Share: Math.round((f.notFound / f.sent) * 10_000) / 10_000,
  };
}
