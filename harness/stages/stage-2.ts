// Stage 2: stage 1 + a harness-owned redis-server; the app reads redirects through Redis cache-aside.
import { redisServerSpec } from '../services/redis-server.ts';
import { freePort } from '../supervisor/free-port.ts';
import { bootSingleApp } from './stage-1.ts';
import type { BootedStage, StageBootOptions } from './stage-types.ts';

export function bootStage2(o: StageBootOptions): Promise<BootedStage> {
  return bootSingleApp(o, {
    stage: 2,
    async deps() {
      const redis = await o.supervisor.start(
        redisServerSpec({ port: await freePort(), runDir: o.runDir, maxmemory: o.topology.redisMaxmemory, cpus: o.stageCpus }),
      );
      return { services: [redis], appArgs: ['--redis-url', redis.url!, ...(o.topology.stampedeDefences ? [] : ['--no-stampede-defences'])] };
    },
  });
}
