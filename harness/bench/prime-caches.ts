// Starts a stage's caches warm: the hottest codes requested once after boot, before the scale model's budgets apply,
// because a fleet's caches are warm and a 1:10 model's rates would take ten times as long to warm them in warm-up.
// With local LRUs, each app's cache warmer fills its LRU with steady-state ages (remaining lifetimes spread over the TTL:
// HEADs would give every entry the same expiry, and the model's hit ratio a cliff one TTL later), or HEAD straight to
// each app without an admin token (HEAD is answered but not counted as a click); with a CDN, GET through the entry (a
// HEAD would not be stored; clicks are read after priming); otherwise HEAD through the entry (fills Redis). Written here on undici's Pool (the generator's client): no library primes a
// cache-aside stack.
import { Pool, request } from 'undici';
import { WARM_MAX_CODES } from '../../targets/cache/link-source.ts';
import type { PrimeOutcome } from '../results/result-types.ts';
import type { ComponentId } from '../stages/components.ts';
import type { BootedStage } from '../stages/stage-types.ts';

/** Requests in flight per target during priming. */
const CONCURRENCY = 32;
/** One request's bound: priming runs unconstrained, so a slow answer means something is wrong, not busy. */
const TIMEOUT_MS = 5000;

/** Whether a composition has a cache priming can warm (Redis, a Redis Cluster, local LRUs or a CDN). */
export function hasCacheToPrime(c: { has(id: ComponentId): boolean } | undefined): boolean {
  return c !== undefined && (c.has('redis') || c.has('redis-cluster') || c.has('local-lru') || c.has('cdn'));
}

/** Requests the `top` hottest codes once through the entry, then (with a local LRU) once on each app directly. */
export async function primeCaches(stage: BootedStage, top: number, o: { adminToken?: string; signal?: AbortSignal } = {}): Promise<PrimeOutcome | undefined> {
  const { signal } = o;
  if (top <= 0 || !hasCacheToPrime(stage.composition)) return undefined;
  const codes = stage.codes.slice(0, top);
  if (codes.length === 0) return undefined;
  const started = performance.now();
  type Target = { name: string; url: string; method: 'GET' | 'HEAD' };
  // Through a balancer each app sees a share of the codes; a local LRU is per app, so each app gets every hot code.
  const apps = stage.services.filter((s) => s.role === 'app' && s.url !== undefined);
  const local = stage.composition?.has('local-lru') === true;
  const warmLocal = local && o.adminToken !== undefined;
  const direct: Target[] = local && !warmLocal ? apps.map((a) => ({ name: a.name, url: a.url!, method: 'HEAD' })) : [];
  const cdn = stage.composition?.has('cdn') ?? false;
  const entry: Target | undefined = cdn || (direct.length === 0 && !warmLocal) ? { name: 'entry', url: stage.entryUrl, method: cdn ? 'GET' : 'HEAD' } : undefined;
  let requests = 0;
  let failed = 0;
  const one = async (t: Target) => {
    const r = await primeOne(t.url, t.method, codes, signal);
    requests += r.requests;
    failed += r.failed;
  };
  // Redis first, with every seeded link (a 64 MB Redis holds the whole working set in a fleet's steady state), through
  // one app's cache warmer: the app reads each link from its store and writes the cache entry itself.
  const redisWarmed = o.adminToken !== undefined && hasRedis(stage) ? await warmRedis(stage, o.adminToken, signal) : undefined;
  // Every app at once (separate processes), then the CDN, whose misses the apps now answer from their LRUs.
  const localWarmed = warmLocal ? (await Promise.all(apps.map((a) => warmApp(a.url!, o.adminToken!, codes, 'local', signal)))).reduce((x, n) => x + n, 0) : undefined;
  await Promise.all(direct.map(one));
  if (entry) await one(entry);
  const targets = [...(warmLocal ? apps.map((a) => ({ name: a.name })) : direct), ...(entry ? [entry] : [])];
  return {
    codes: codes.length,
    requests,
    failed,
    ms: Math.round(performance.now() - started),
    targets: targets.map((t) => t.name),
    ...(redisWarmed ? { redisWarmed } : {}),
    ...(localWarmed !== undefined ? { localWarmed } : {}),
  };
}

const hasRedis = (stage: BootedStage) => stage.composition?.has('redis') === true || stage.composition?.has('redis-cluster') === true;

/** Sends every seeded code to the first app's cache warmer (Redis); returns how many links it wrote. */
async function warmRedis(stage: BootedStage, adminToken: string, signal?: AbortSignal): Promise<number> {
  const app = stage.services.find((s) => s.role === 'app' && s.url !== undefined);
  return app ? warmApp(app.url!, adminToken, stage.codes, 'shared', signal, app.name) : 0;
}

/** POST /api/ops/warm-cache of one app in chunks of WARM_MAX_CODES: 'shared' = Redis, 'local' = its own LRU. */
async function warmApp(url: string, adminToken: string, codes: readonly string[], layer: 'shared' | 'local', signal?: AbortSignal, name = url): Promise<number> {
  let warmed = 0;
  for (let i = 0; i < codes.length && !signal?.aborted; i += WARM_MAX_CODES) {
    const res = await request(new URL('/api/ops/warm-cache', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ codes: codes.slice(i, i + WARM_MAX_CODES), layer }),
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
      signal,
    });
    const body = (await res.body.json()) as { warmed?: number; error?: string };
    if (res.statusCode !== 200) throw new Error(`${name}'s cache warmer (${layer}) answered ${res.statusCode}: ${body.error ?? 'no reason given'}`);
    warmed += body.warmed ?? 0;
  }
  return warmed;
}

async function primeOne(origin: string, method: 'GET' | 'HEAD', codes: readonly string[], signal?: AbortSignal): Promise<{ requests: number; failed: number }> {
  const pool = new Pool(origin, { connections: CONCURRENCY, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  let next = 0;
  let requests = 0;
  let failed = 0;
  const worker = async () => {
    while (next < codes.length && !signal?.aborted) {
      const code = codes[next++];
      requests++;
      try {
        const res = await pool.request({ path: `/${code}`, method, signal });
        await res.body.dump();
        if (res.statusCode >= 400) failed++;
      } catch {
        failed++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, codes.length) }, worker));
  } finally {
    await pool.close();
  }
  return { requests, failed };
}
