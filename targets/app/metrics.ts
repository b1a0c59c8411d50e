// The app's Prometheus counters, hand-rolled so the redirect path pays one typed-array increment per request.
// Rendering (label strings, event-loop percentiles, store counters) happens only when /metrics is scraped.
import { PerformanceObserver, monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { StoreStats } from './link-store.ts';
import { newBalancerWaitCounters, type BalancerWaitCounters } from './balancer-wait.ts';

/** Route labels; handlers count with the numeric id (no label hashing per request). */
/**
 * Sampling interval of the event-loop delay monitor (ms). Each sample is a timer wake-up even when idle: at 10 ms an idle
 * app burned 6.8 CPU-ms/s (a bare server 0.35), 7 % of a 0.1-core machine of the scale model; at 50 ms 1.4 CPU-ms/s
 * (2-core VM, loaded). Delays the attribution acts on are > 20 ms, which 50 ms sampling still sees.
 */
const LOOP_RESOLUTION_MS = 50;

export const ROUTE_NAMES = ['redirect', 'create', 'metadata', 'delete', 'healthz', 'metrics', 'other'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];
export const ROUTE = {
  redirect: 0,
  create: 1,
  metadata: 2,
  delete: 3,
  healthz: 4,
  metrics: 5,
  other: 6,
} as const satisfies Record<RouteName, number>;
export type RouteId = (typeof ROUTE)[RouteName];

/** Hits and misses of one cache layer (stage 2: 'redis', later 'cdn', 'local', ...). Increment the fields. */
export interface CacheCounters {
  hits: number;
  misses: number;
}

/** Cache layers exposed from stage 1 on, with zeros until a stage fills them. */
export const DEFAULT_CACHE_LAYERS = ['redis'] as const;

export interface MetricsInfo {
  instanceId: string;
  stage: number;
}

const QUANTILES = [0.5, 0.9, 0.99, 0.999] as const;

export class AppMetrics {
  private readonly requests: Float64Array[] = ROUTE_NAMES.map(() => new Float64Array(600));
  private readonly caches = new Map<string, CacheCounters>();
  private readonly loopDelay: IntervalHistogram;
  /** Redirects stamped by a balancer (X-Request-Start): their queue and residence time in this app. */
  readonly balancerWait: BalancerWaitCounters = newBalancerWaitCounters();
  /**
   * Garbage-collection pauses (wall time, so on a throttled machine a pause includes the quota stalls inside it):
   * count and total since start, the longest since start or last reset. They tell a loop delay that is GC from one that
   * is not. V8 reports each GC once through this observer; nothing is added to the request path.
   */
  private readonly gc = { pauses: 0, pauseSeconds: 0, maxSeconds: 0 };
  private readonly gcObserver: PerformanceObserver;

  constructor(cacheLayers: readonly string[] = DEFAULT_CACHE_LAYERS) {
    for (const layer of cacheLayers) this.cacheLayer(layer);
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
    this.gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const s = e.duration / 1000;
        this.gc.pauses++;
        this.gc.pauseSeconds += s;
        if (s > this.gc.maxSeconds) this.gc.maxSeconds = s;
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** Count one answered request. `status` must be a real HTTP status (100..599). */
  count(route: RouteId, status: number): void {
    this.requests[route][status]++;
  }

  /** The counters of a cache layer, created at zero on first use. Keep the object; increment its fields. */
  cacheLayer(layer: string): CacheCounters {
    let c = this.caches.get(layer);
    if (c === undefined) {
      c = { hits: 0, misses: 0 };
      this.caches.set(layer, c);
    }
    return c;
  }

  /** Requests counted so far for a route and status (for tests and in-process readers). */
  requestCount(route: RouteName, status: number): number {
    return this.requests[ROUTE[route]][status];
  }

  /** Start a fresh event-loop delay window (GET /metrics?reset=1 does this after rendering). */
  resetEventLoopDelay(): void {
    this.loopDelay.reset();
    this.gc.maxSeconds = 0;
  }

  /** Stop sampling the event loop; safe to call twice. */
  close(): void {
    this.loopDelay.disable();
    this.gcObserver.disconnect();
  }

  /** Prometheus text exposition format 0.0.4. */
  render(store: StoreStats, info: MetricsInfo): string {
    const out: string[] = [];
    family(out, 'scaleladder_app_info', 'gauge', 'Identity of this app process.');
    out.push(`scaleladder_app_info{instance="${esc(info.instanceId)}",stage="${info.stage}",pid="${process.pid}"} 1`);

    family(out, 'scaleladder_http_requests_total', 'counter', 'HTTP requests answered, by route and status.');
    for (let r = 0; r < ROUTE_NAMES.length; r++) {
      const counts = this.requests[r];
      for (let s = 100; s < 600; s++) {
        if (counts[s] > 0) out.push(`scaleladder_http_requests_total{route="${ROUTE_NAMES[r]}",status="${s}"} ${counts[s]}`);
      }
    }

    family(out, 'scaleladder_db_queries_total', 'counter', 'Database statements issued, by operation and kind.');
    const ops: Array<[string, string, number]> = [
      ['get_by_code', 'read', store.getByCode],
      ['record_click', 'write', store.recordClick],
      ['create', 'write', store.create],
      ['delete', 'write', store.delete],
    ];
    for (const [op, kind, n] of ops) out.push(`scaleladder_db_queries_total{op="${op}",kind="${kind}"} ${n}`);

    family(out, 'scaleladder_db_busy_retries_total', 'counter', 'SQLITE_BUSY answers retried after a wait (lock contention).');
    out.push(`scaleladder_db_busy_retries_total ${store.busyRetries}`);
    family(out, 'scaleladder_db_busy_timeouts_total', 'counter', 'Operations still locked after the retry budget (answered 503).');
    out.push(`scaleladder_db_busy_timeouts_total ${store.busyTimeouts}`);
    family(out, 'scaleladder_db_busy_wait_seconds_total', 'counter', 'Time spent waiting between SQLITE_BUSY retries.');
    out.push(`scaleladder_db_busy_wait_seconds_total ${num(store.busyWaitMs / 1000)}`);

    family(out, 'scaleladder_cache_hits_total', 'counter', 'Cache hits, by cache layer.');
    for (const [layer, c] of this.caches) out.push(`scaleladder_cache_hits_total{layer="${esc(layer)}"} ${c.hits}`);
    family(out, 'scaleladder_cache_misses_total', 'counter', 'Cache misses, by cache layer.');
    for (const [layer, c] of this.caches) out.push(`scaleladder_cache_misses_total{layer="${esc(layer)}"} ${c.misses}`);

    const w = this.balancerWait;
    family(out, 'scaleladder_lb_stamped_requests_total', 'counter', 'Redirects that carried the balancer\'s X-Request-Start stamp.');
    out.push(`scaleladder_lb_stamped_requests_total ${w.stamped}`);
    family(out, 'scaleladder_lb_queue_seconds_total', 'counter', 'Time stamped redirects waited between the balancer and this app starting to handle them.');
    out.push(`scaleladder_lb_queue_seconds_total ${num(w.queueSeconds)}`);
    family(out, 'scaleladder_lb_residence_seconds_total', 'counter', 'Time stamped redirects spent from the balancer to their finished response (queue + service).');
    out.push(`scaleladder_lb_residence_seconds_total ${num(w.residenceSeconds)}`);

    const h = this.loopDelay;
    const samples = h.count;
    // perf_hooks records the whole time between two timer ticks, sampling interval included: subtract it, so an
    // idle loop reads ~0 rather than ~10 ms.
    const delayS = (ns: number) => Math.max(0, ns - LOOP_RESOLUTION_MS * 1e6) / 1e9;
    family(out, 'scaleladder_event_loop_delay_seconds', 'summary', `Event-loop delay beyond the ${LOOP_RESOLUTION_MS} ms sampling interval, since start or last reset.`);
    for (const q of QUANTILES) {
      out.push(`scaleladder_event_loop_delay_seconds{quantile="${q}"} ${num(samples > 0 ? delayS(h.percentile(q * 100)) : 0)}`);
    }
    out.push(`scaleladder_event_loop_delay_seconds_sum ${num(samples > 0 ? delayS(h.mean) * samples : 0)}`);
    out.push(`scaleladder_event_loop_delay_seconds_count ${samples}`);
    family(out, 'scaleladder_event_loop_delay_max_seconds', 'gauge', 'Largest event-loop delay beyond the sampling interval since start or last reset.');
    out.push(`scaleladder_event_loop_delay_max_seconds ${num(samples > 0 ? delayS(h.max) : 0)}`);

    family(out, 'scaleladder_gc_pauses_total', 'counter', 'Garbage-collection pauses of this process since start.');
    out.push(`scaleladder_gc_pauses_total ${this.gc.pauses}`);
    family(out, 'scaleladder_gc_pause_seconds_total', 'counter', 'Wall time of those pauses (throttling inside a pause included).');
    out.push(`scaleladder_gc_pause_seconds_total ${num(this.gc.pauseSeconds)}`);
    family(out, 'scaleladder_gc_pause_max_seconds', 'gauge', 'Longest garbage-collection pause since start or last reset.');
    out.push(`scaleladder_gc_pause_max_seconds ${num(this.gc.maxSeconds)}`);
    return out.join('\n') + '\n';
  }
}

function family(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** Escape a label value: backslash, double quote, newline. */
function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(x: number): string {
  return Number.isFinite(x) ? String(x) : '0';
}
