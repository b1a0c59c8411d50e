// Stage 3: N app processes (one SQLite file, shared Redis, a local LRU each) behind a real nginx or HAProxy.
import { bootBalancedStack } from './balanced-stack.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export function bootStage3(o: StageBootOptions): Promise<BootedStage> {
  return bootBalancedStack(o, { stage: 3, cluster: false, sharded: false, writeBehind: false });
}
