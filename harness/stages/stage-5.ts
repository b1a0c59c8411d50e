// Stage 5: stage 4 (CDN in front of balanced apps) over a Redis Cluster (distributed cache), K SQLite shards placed
// by consistent hashing on the code, and click counts written behind in batches.
import { bootBalancedStack } from './balanced-stack.ts';
import { planCdnFront } from './cdn-front.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export async function bootStage5(o: StageBootOptions): Promise<BootedStage> {
  const cdn = await planCdnFront(o.supervisor, o.stageCpus);
  return bootBalancedStack(o, { stage: 5, cluster: true, sharded: true, writeBehind: true, appArgs: cdn.appArgs, front: (origin) => cdn.start(origin) });
}
