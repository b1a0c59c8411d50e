// Stage 4: stage 3 + the CDN emulator in front (edge PoPs by region, shield, purge on delete), geography emulated.
import { bootBalancedStack } from './balanced-stack.ts';
import { planCdnFront } from './cdn-front.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export async function bootStage4(o: StageBootOptions): Promise<BootedStage> {
  const cdn = await planCdnFront(o.supervisor, o.stageCpus);
  return bootBalancedStack(o, { stage: 4, cluster: false, sharded: false, writeBehind: false, appArgs: cdn.appArgs, front: (origin) => cdn.start(origin) });
}
