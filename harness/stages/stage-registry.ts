// Which stages can boot, and how: a stage number names a composition (stage-definitions), one boot loop starts any.
import { bootComposition } from './boot-composition.ts';
import { composeStage, STAGE_DEFINITIONS, type StageComposition } from './stage-definitions.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export function implementedStages(): number[] {
  return STAGE_DEFINITIONS.map((d) => d.stage);
}

/** Boots a composition (or a stage number with its default parts). */
export function bootStage(stage: number | StageComposition, o: StageBootOptions): Promise<BootedStage> {
  return bootComposition(typeof stage === 'number' ? composeStage(stage) : stage, o);
}
