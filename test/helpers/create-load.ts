// Concurrent link creation against app processes, with a SIGKILL of some of them mid-load, and the check afterwards:
// which answered creates are still resolvable, and which unanswered ones landed anyway.
import { Pool } from 'undici';
import type { AppChild } from './app-child.ts';
import { withReadOnlyDb } from './app-child.ts';

/** What one create request ended as. */
export type CreateOutcome =
  | { kind: 'ack'; url: string; code: string; app: string; atMs: number }
  | { kind: 'status'; url: string; status: number; retryAfter?: string; body: string; app: string; atMs: number }
  | { kind: 'no-answer'; url: string; error: string; app: string; atMs: number };

export interface CreateLoadOptions {
  /** Worker w writes to apps[w % apps.length]. */
  apps: AppChild[];
  workers: number;
  /** Total duration of the load, in ms. */
  durationMs: number;
  /** Which apps to SIGKILL (by pid) and when, in ms after the load started. */
  kills: { app: AppChild; atMs: number }[];
  /** Unique per run: every URL is `https://durable.example/<tag>/w<worker>/<n>`. */
  tag: string;
}

export interface CreateLoadResult {
  outcomes: CreateOutcome[];
  /** pid → ms after start when it was killed. */
  killedAtMs: Map<number, number>;
}

/**
 * Runs `workers` create loops (one request in flight each) for `durationMs`, killing the listed apps with SIGKILL on
 * schedule. A worker whose app was killed stops after its in-flight request ends, so every 'no-answer' outcome of a
 * killed app was in flight at the moment of the kill.
 */
export async function runCreateLoad(o: CreateLoadOptions): Promise<CreateLoadResult> {
  const pools = new Map(o.apps.map((a) => [a.pid, new Pool(a.url, { connections: o.workers })]));
  const killedAtMs = new Map<number, number>();
  const outcomes: CreateOutcome[] = [];
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const timers = o.kills.map(({ app, atMs }) =>
    setTimeout(() => {
      killedAtMs.set(app.pid, now());
      process.kill(app.pid, 'SIGKILL');
    }, atMs),
  );

  const worker = async (w: number): Promise<void> => {
    const app = o.apps[w % o.apps.length];
    const pool = pools.get(app.pid)!;
    for (let n = 0; now() < o.durationMs && !killedAtMs.has(app.pid); n++) {
      const url = `https://durable.example/${o.tag}/w${w}/${n}`;
      try {
        const res = await pool.request({
          path: '/api/links',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url }),
          headersTimeout: 10_000,
          bodyTimeout: 10_000,
        });
        const text = await res.body.text();
        if (res.statusCode === 201) {
          const body = JSON.parse(text) as { code: string; url: string };
          if (body.url !== url) throw new Error(`201 for ${url} carried url ${body.url}`);
          outcomes.push({ kind: 'ack', url, code: body.code, app: app.service.name, atMs: now() });
        } else {
          const ra = res.headers['retry-after'];
          outcomes.push({ kind: 'status', url, status: res.statusCode, retryAfter: Array.isArray(ra) ? ra[0] : ra, body: text.slice(0, 200), app: app.service.name, atMs: now() });
        }
      } catch (err) {
        if ((err as Error).message.startsWith('201 for')) throw err;
        outcomes.push({ kind: 'no-answer', url, error: (err as { code?: string }).code ?? (err as Error).message, app: app.service.name, atMs: now() });
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: o.workers }, (_, w) => worker(w)));
  } finally {
    for (const t of timers) clearTimeout(t);
    await Promise.all([...pools.values()].map((p) => p.destroy()));
  }
  return { outcomes, killedAtMs };
}

/** One way an acknowledged link failed to resolve. */
export interface ResolveProblem {
  code: string;
  problem: string;
}

/** The acknowledged links that do not resolve through `app` (302 to their url, and metadata 200 with it). */
export async function unresolvable(app: AppChild, acks: { code: string; url: string }[], concurrency = 16): Promise<ResolveProblem[]> {
  const pool = new Pool(app.url, { connections: concurrency });
  const bad: ResolveProblem[] = [];
  try {
    for (let i = 0; i < acks.length; i += concurrency) {
      await Promise.all(acks.slice(i, i + concurrency).map(async ({ code, url }) => {
        const r = await pool.request({ path: `/${code}`, method: 'GET' });
        await r.body.dump();
        if (r.statusCode !== 302 || r.headers.location !== url) bad.push({ code, problem: `GET /${code}: ${r.statusCode} ${String(r.headers.location)}, expected 302 ${url}` });
        const m = await pool.request({ path: `/api/links/${code}`, method: 'GET' });
        const meta = m.statusCode === 200 ? ((await m.body.json()) as { url?: string }) : (await m.body.dump(), {});
        if (m.statusCode !== 200 || meta.url !== url) bad.push({ code, problem: `GET /api/links/${code}: ${m.statusCode} ${String(meta.url)}, expected 200 ${url}` });
      }));
    }
  } finally {
    await pool.destroy();
  }
  return bad;
}

/** Of these URLs, the ones with a row in the file (read-only connection beside the apps). */
export function presentUrls(dbPath: string, urls: string[]): Set<string> {
  return withReadOnlyDb(dbPath, (db) => {
    const get = db.prepare('SELECT 1 FROM links WHERE url = ?');
    return new Set(urls.filter((u) => get.get(u) !== undefined));
  });
}
