// The running app (a real child process on a seeded SQLite file) under generated hostile requests: never a 5xx,
// never a crash, every error body JSON with an `error`, the seeded links unchanged. Prints what was tried and answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { encodeId } from '../../targets/app/codegen.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { countLinks, processAlive, startAppChild, withReadOnlyDb, type AppChild } from '../helpers/app-child.ts';
import {
  answerClass,
  answerViolations,
  hostileRequest,
  sendHostile,
  type AnswerClass,
  type HostileAnswer,
  type HostileRequest,
  type SendTarget,
} from '../helpers/hostile-requests.ts';
import { rawRequestBytes, sendRaw } from '../helpers/raw-http.ts';

const SEEDED = 500;
const ADMIN_TOKEN = 'Hostile-Admin-Token-7q';
/** Batches (fast-check runs); each batch is 3..10 requests sent at once, then a liveness check. */
const BATCHES = 500;

const dir = mkdtempSync(join(tmpdir(), 'scaleladder-hostile-'));
const dbPath = join(dir, 'links.sqlite');
const supervisor = new Supervisor({ runDir: dir });
let app: AppChild;
let pool: Pool;
let target: SendTarget;
let exitedEarly: string | undefined;

const seededCodes = Array.from({ length: SEEDED }, (_, i) => encodeId(i + 1));
/** A sample of seeded links read back over HTTP before and after. */
const sampleCodes = seededCodes.filter((_, i) => i % 12 === 0);

const tally = {
  tried: 0,
  byClass: new Map<AnswerClass, number>(),
  byStatus: new Map<string, number>(),
  byFamily: new Map<string, Map<AnswerClass, number>>(),
  /** 201 answers to creates (each adds a row). */
  created: 0,
  createdCodes: [] as string[],
  /** 204 answers to DELETE (each removes one; must stay 0 without the token). */
  deleted: 0,
  /** Creates that got no answer: the row may or may not exist. */
  unansweredCreates: 0,
  batches: 0,
};

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

function record(req: HostileRequest, a: HostileAnswer): void {
  const cls = answerClass(a);
  tally.tried++;
  bump(tally.byClass, cls);
  bump(tally.byStatus, a.status === undefined ? cls : String(a.status));
  const fam = tally.byFamily.get(req.family) ?? new Map<AnswerClass, number>();
  bump(fam, cls);
  tally.byFamily.set(req.family, fam);
  if (req.mayCreate && a.status === 201) {
    tally.created++;
    try {
      tally.createdCodes.push((JSON.parse(a.body.toString('utf8')) as { code: string }).code);
    } catch {
      // a 201 without a JSON body is caught by the row count
    }
  }
  if (req.mayCreate && a.outcome !== 'answered') tally.unansweredCreates++;
  if (a.status === 204 && ((req.via === 'undici' && req.method === 'DELETE') || (req.via === 'raw' && req.bytes.subarray(0, 7).toString() === 'DELETE '))) {
    tally.deleted++;
  }
}

function summary(): string {
  const cls = (m: Map<AnswerClass, number>) => ['2xx', '3xx', '4xx', '5xx', 'closed', 'timeout'].map((c) => `${c}=${m.get(c as AnswerClass) ?? 0}`).join(' ');
  const lines = [
    `hostile-input: ${tally.tried} hostile requests in ${tally.batches} batches against one app process (${SEEDED} seeded links)`,
    `  answered by class: ${cls(tally.byClass)}`,
    `  by status: ${[...tally.byStatus].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}=${n}`).join(' ')}`,
    `  creates answered 201: ${tally.created}; deletes answered 204: ${tally.deleted}; creates without an answer: ${tally.unansweredCreates}`,
    '  by family:',
    ...[...tally.byFamily].sort(([a], [b]) => a.localeCompare(b)).map(([f, m]) => `    ${f.padEnd(18)} ${cls(m)}`),
  ];
  return lines.join('\n');
}

interface SeededRow {
  id: number;
  code: string;
  url: string;
  created_at: number;
}

function seededRows(): SeededRow[] {
  return withReadOnlyDb(dbPath, (db) => db.prepare('SELECT id, code, url, created_at FROM links WHERE id <= ? ORDER BY id').all(SEEDED) as SeededRow[]);
}

async function sampleMetadata(): Promise<Record<string, { url: string; createdAt: string }>> {
  const out: Record<string, { url: string; createdAt: string }> = {};
  for (const code of sampleCodes) {
    const res = await pool.request({ path: `/api/links/${code}`, method: 'GET' });
    const body = (await res.body.json()) as { url: string; createdAt: string };
    expect(res.statusCode, `GET /api/links/${code}`).toBe(200);
    out[code] = { url: body.url, createdAt: body.createdAt };
  }
  return out;
}

/** Problems with the process itself: gone, or /healthz not 200. */
async function livenessProblems(): Promise<string[]> {
  if (exitedEarly !== undefined) return [`app process exited: ${exitedEarly}`];
  if (!processAlive(app.pid)) return [`app process ${app.pid} is not alive`];
  try {
    const res = await pool.request({ path: '/healthz', method: 'GET', headersTimeout: 5000, bodyTimeout: 5000 });
    const text = await res.body.text();
    return res.statusCode === 200 ? [] : [`/healthz answered ${res.statusCode}: ${text.slice(0, 200)}`];
  } catch (err) {
    return [`/healthz failed: ${(err as Error).message}`];
  }
}

beforeAll(async () => {
  seedLinks(dbPath, SEEDED, { reset: true });
  app = await startAppChild(supervisor, { name: 'app-hostile', dbPath, adminToken: ADMIN_TOKEN });
  void app.service.exited.then(({ code, signal }) => {
    exitedEarly = `code ${code} signal ${signal}`;
  });
  pool = new Pool(app.url, { connections: 8 });
  target = { host: app.host, port: app.port, origin: app.url, dispatcher: pool };
});

afterAll(async () => {
  console.log(summary());
  await pool?.destroy();
  await supervisor.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app under hostile input', () => {
  it('given batches of generated hostile requests, then never a 5xx, never a crash, JSON errors, and the seeded links unchanged', async () => {
    const rowsBefore = seededRows();
    expect(rowsBefore).toHaveLength(SEEDED);
    const metaBefore = await sampleMetadata();

    await fc.assert(
      fc.asyncProperty(fc.array(hostileRequest({ seededCodes, adminToken: ADMIN_TOKEN }), { minLength: 3, maxLength: 10 }), async (batch) => {
        tally.batches++;
        const answers = await Promise.all(batch.map((r) => sendHostile(r, target)));
        batch.forEach((r, i) => record(r, answers[i]));
        const problems = batch.flatMap((r, i) => answerViolations(r, answers[i]));
        problems.push(...(await livenessProblems()));
        if (problems.length > 0) throw new Error(problems.join('\n'));
      }),
      // No shrinking: a batch is already small, every message names the request, and shrinking a crash is moot.
      { numRuns: BATCHES, endOnFailure: true },
    );

    // Data already there: unchanged, row for row, and the sample reads back the same over HTTP.
    expect(seededRows()).toEqual(rowsBefore);
    expect(await sampleMetadata()).toEqual(metaBefore);
    // Rows: seeded + acknowledged creates - acknowledged deletes (an unanswered create may or may not have landed).
    expect(tally.deleted).toBe(0);
    const rows = countLinks(dbPath);
    expect(rows).toBeGreaterThanOrEqual(SEEDED + tally.created - tally.deleted);
    expect(rows).toBeLessThanOrEqual(SEEDED + tally.created - tally.deleted + tally.unansweredCreates);
    // Every acknowledged create is there, under the code it was given.
    const missing = withReadOnlyDb(dbPath, (db) => {
      const get = db.prepare('SELECT 1 FROM links WHERE code = ?');
      return tally.createdCodes.filter((c) => get.get(c) === undefined);
    });
    expect(missing).toEqual([]);
    // ...and servable: whatever odd URL was accepted redirects with exactly the stored URL as Location.
    const stored = withReadOnlyDb(dbPath, (db) => {
      const get = db.prepare('SELECT url FROM links WHERE code = ?').pluck();
      return new Map(tally.createdCodes.map((c) => [c, get.get(c) as string]));
    });
    const badRedirects: string[] = [];
    for (const [code, url] of stored) {
      const res = await pool.request({ path: `/${code}`, method: 'GET' });
      await res.body.dump();
      if (res.statusCode !== 302 || res.headers.location !== url) badRedirects.push(`/${code}: ${res.statusCode} ${String(res.headers.location)} (stored ${url})`);
    }
    expect(badRedirects).toEqual([]);
    expect(await livenessProblems()).toEqual([]);
  });

  // Found by the property above: the front redirect route matches the raw request-target, Express's fallback the
  // parsed path, so a code path in absolute-form or with a fragment falls through to a 405 that allows GET.
  it('given GET of a seeded code in absolute-form (RFC 9112 §3.2.2: a server MUST accept it), then it redirects like origin-form', async () => {
    const code = encodeId(7);
    const bytes = rawRequestBytes({ requestLine: `GET http://${app.host}:${app.port}/${code} HTTP/1.1`, headerLines: [`Host: ${app.host}:${app.port}`, 'Connection: close'] });
    const a = await sendRaw({ port: app.port, bytes });
    expect({ status: a.status, location: a.headers.get('location')?.[0] }).toEqual({ status: 302, location: 'https://example.com/7' });
  });

  it.each(['GET', 'HEAD'])('given %s of a code-shaped path with a fragment, then never a 405 whose Allow lists that method', async (method) => {
    for (const path of [`/${encodeId(8)}#frag`, '/unknown-code#x']) {
      const bytes = rawRequestBytes({ requestLine: `${method} ${path} HTTP/1.1`, headerLines: ['Host: 127.0.0.1', 'Connection: close'] });
      const a = await sendRaw({ port: app.port, bytes, head: method === 'HEAD' });
      expect(a.status).toBeDefined();
      const allow = a.headers.get('allow')?.[0] ?? '';
      expect({ path, status: a.status, allowsMethod: a.status === 405 && allow.split(/\s*,\s*/).includes(method) }).toEqual({ path, status: a.status, allowsMethod: false });
    }
  });
});
