// Which stages can boot, and how: stage number → boot function.
import { UserError } from '../errors/user-error.ts';
import { bootStage1 } from './stage-1.ts';
import { bootStage2 } from './stage-2.ts';
import { bootStage3 } from './stage-3.ts';
import { bootStage4 } from './stage-4.ts';
import { bootStage5 } from './stage-5.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

const STAGES: Record<number, (o: StageBootOptions) => Promise<BootedStage>> = {
  1: bootStage1,
  2: bootStage2,
  3: bootStage3,
  4: bootStage4,
  5: bootStage5,
};

export function implementedStages(): number[] {
  return Object.keys(STAGES).map(Number);
}

export function bootStage(stage: number, o: StageBootOptions): Promise<BootedStage> {
  const boot = STAGES[stage];
  if (!boot) {
    throw new UserError(`stage ${stage} cannot boot yet (implemented: ${implementedStages().join(', ')}); use --target to drive a deployment you started`);
  }
  return boot(o);
}
