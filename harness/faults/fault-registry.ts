// Which implementation arms each fault kind.
import type { FaultKind } from './fault-spec.ts';
import type { FaultFactory } from './fault-types.ts';
import { addApp } from './add-app.ts';
import { hotKeyExpiry } from './hot-key-expiry.ts';
import { killApp } from './kill-app.ts';
import { originDown } from './origin-down.ts';
import { stopRedis } from './stop-redis.ts';
import { writerContention } from './writer-contention.ts';
import { fillCache } from './fill-cache.ts';
import { watchHotKey } from './watch-hot-key.ts';
import { redisInfo } from './redis-info.ts';

export const FAULTS: Readonly<Record<FaultKind, FaultFactory>> = {
  'kill-app': killApp,
  'stop-redis': stopRedis,
  'hot-key-expiry': hotKeyExpiry,
  'origin-down': originDown,
  'writer-contention': writerContention,
  'fill-cache': fillCache,
  'add-app': addApp,
  'watch-hot-key': watchHotKey,
  'redis-info': redisInfo,
};
