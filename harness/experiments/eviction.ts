// eviction: with Redis's maxmemory well below the working set, which maxmemory-policy keeps the hot links — allkeys-lru,
// allkeys-lfu or volatile-ttl? Stage 2 (app + Redis over SQLite), unconstrained (--machine-cpu none): the question is what
// stays cached, not capacity. Zipf 1.0 over 20,000 links (the 80/20 pattern the seed names) against a Redis of 1.3 MB
// (a few thousand entries). Metrics: Redis hit ratio, evictions (Redis INFO), DB reads per request. Claim eviction-lfu-zipf.
import { compareArms, comparisonStats } from './experiment-stats.ts';
import { tierSteps } from './experiment-series.ts';
import { twoProportionTest } from '../stats/two-proportions.ts';
import type { Experiment } from './experiment-types.ts';
import type { RunResult } from '../results/result-types.ts';

const MAXMEMORY = '1300kb';
/** LFU must beat LRU's hit ratio by at least this (absolute) to confirm; within it the policies tie. */
const MARGIN = 0.01;

const info = (r: RunResult) => tierSteps(r)[0]?.faults?.find((f) => f.kind === 'redis-info')?.outcome;

export const eviction: Experiment = {
  name: 'eviction',
  claimId: 'eviction-lfu-zipf',
  question: 'With maxmemory well below the working set and 80/20 (Zipf) traffic, does allkeys-lfu keep more hot links than allkeys-lru (and volatile-ttl)?',
  base: {
    stage: 2,
    machineCpu: 'none',
    rate: 400,
    stepDurationS: 12,
    warmupS: 4,
    calibrateS: 0,
    seedLinks: 20_000,
    workload: { zipfSkew: 1.0 },
    topology: { redisMaxmemory: MAXMEMORY },
    faults: ['redis-info'],
  },
  arms: [
    { name: 'allkeys-lru', label: 'allkeys-lru (the seed\'s general default)', overrides: { topology: { redisPolicy: 'allkeys-lru' } } },
    { name: 'allkeys-lfu', label: 'allkeys-lfu (the seed\'s pick for 80/20)', overrides: { topology: { redisPolicy: 'allkeys-lfu' } } },
    { name: 'volatile-ttl', label: 'volatile-ttl (shortest TTL first)', overrides: { topology: { redisPolicy: 'volatile-ttl' } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'hitRatio', label: 'Redis hit ratio', unit: 'fraction', better: 'higher', read: (r) => tierSteps(r)[0]?.figures.cacheHitRatio ?? null },
    { key: 'evictedKeys', label: 'evictions', unit: 'count', read: (r) => info(r)?.evictedKeys ?? null },
    { key: 'dbReadsPerRequest', label: 'DB reads/req', unit: 'ratio', better: 'lower', read: (r) => tierSteps(r)[0]?.figures.dbReadsPerRequest ?? null },
    { key: 'redisLookups', label: 'Redis lookups', unit: 'count', read: (r) => (info(r) ? info(r)!.keyspaceHits + info(r)!.keyspaceMisses : null) },
    { key: 'redisMisses', label: 'Redis misses', unit: 'count', read: (r) => info(r)?.keyspaceMisses ?? null },
    { key: 'keysAtEnd', label: 'keys held', unit: 'count', read: (r) => info(r)?.keysAtEnd ?? null },
    { key: 'usedMemoryBytes', label: 'used memory B', unit: 'bytes', read: (r) => info(r)?.usedMemoryBytes ?? null },
  ],
  notes: [
    `stage 2 unconstrained (--machine-cpu none): Redis maxmemory ${MAXMEMORY}, WELL BELOW the working set (20,000 links, Zipf 1.0; the keys held at the end and the evictions say how far), 400 req/s, 4 s warm-up to fill it, then 12 s measured`,
  ],
  verdict(arms) {
    const v = (name: string) => arms.find((a) => a.arm === name)!.values;
    const lru = v('allkeys-lru');
    const lfu = v('allkeys-lfu');
    const ttl = v('volatile-ttl');
    const evicted = Math.min(...[lru, lfu, ttl].flatMap((x) => x.evictedKeys));
    const c = compareArms(lfu.hitRatio, lru.hitRatio);
    const diff = c.medianA - c.medianB;
    const stats: Record<string, number | string> = { ...comparisonStats('hitRatio', c), lfuMinusLru: Math.round(diff * 1000) / 1000, marginNeeded: MARGIN, minEvictions: evicted, volatileTtlHitRatio: ttl.hitRatio[0] ?? 'none' };
    const words = `Redis hit ratio allkeys-lfu ${(c.medianA * 100).toFixed(1)} % vs allkeys-lru ${(c.medianB * 100).toFixed(1)} % (${diff >= 0 ? '+' : ''}${(diff * 100).toFixed(1)} points), volatile-ttl ${ttl.hitRatio.length ? `${(ttl.hitRatio[0] * 100).toFixed(1)} %` : '—'}`;
    const held = Math.min(...[lru, lfu, ttl].flatMap((x) => x.keysAtEnd));
    if (held < 100) return { outcome: 'inconclusive', summary: `${words}: Redis held only ${held} keys (maxmemory ${MAXMEMORY} is near its own baseline here): raise it`, statistics: stats };
    if (!(evicted > 0)) return { outcome: 'inconclusive', summary: `${words}: an arm evicted nothing, so the cache never filled`, statistics: stats };
    // Runs agree: with repeats, every LFU run above every LRU run (or Mann–Whitney p < 0.1); with one run a side, the
    // within-run two-proportion test on Redis misses (summed over the runs) must say the difference is not chance.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const within = twoProportionTest(sum(lfu.redisMisses), sum(lfu.redisLookups), sum(lru.redisMisses), sum(lru.redisLookups));
    stats.missesTwoProportionP = Math.round(within.p * 10000) / 10000;
    const agree = c.nA > 1 && c.nB > 1 ? c.separated || (c.p !== null && c.p < 0.1) : within.p < 0.05;
    if (diff >= MARGIN && agree) return { outcome: 'confirms', summary: `${words}: LFU keeps more of the hot links`, statistics: stats };
    if (diff < MARGIN && (diff <= 0 || !agree)) return { outcome: 'contradicts', summary: `${words}: LFU does not beat LRU by ${MARGIN * 100} point here`, statistics: stats };
    return { outcome: 'inconclusive', summary: `${words}: the difference is within chance (runs overlap, or the misses' two-proportion p ≥ 0.05)`, statistics: stats };
  },
};
