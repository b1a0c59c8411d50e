// Stage 5: stage 3's balanced apps over a Redis Cluster (distributed cache), K SQLite shards placed by consistent
// hashing on the code, and click counts written behind in batches. (Stage 4's CDN goes in front through `front`.)
import { bootBalancedStack } from './balanced-stack.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export function bootStage5(o: StageBootOptions): Promise<BootedStage> {
  return bootBalancedStack(o, { stage: 5, cluster: true, sharded: true, writeBehind: true });
}
