// Takes every measurement the claims ask for, once each; a failed measurement is recorded as an error, never thrown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeId } from '../../../targets/app/codegen.ts';
import type { WorkloadConfig } from '../../../loadtests/workload/workload-config.ts';
import type { Claim, MeasurementKey } from '../claim-types.ts';
import type { LatencySampleUs } from './latency-sample.ts';
import { expectedKeysMoved, type ExpectedKeysMoved } from '../../placement/keys-moved.ts';
import { measureRedisGet } from './measure-lookup-latency.ts';
import { measureRedisMemory, type RedisMemoryMeasurement } from './measure-redis-memory.ts';
import { measureSqlite, type SqliteMeasurement } from './measure-sqlite.ts';
import { bootValidatePostgres, measureBootedPostgres, type PostgresMeasurement } from './measure-postgres.ts';
import { measureZipfShare, type ZipfShareMeasurement } from './measure-zipf-share.ts';
import { startValidateRedis } from './start-redis.ts';

export interface MeasureOptions {
  claims: Claim[];
  workload: WorkloadConfig;
  /** Mappings loaded into Redis and SQLite, and codes placed on the rings (default 100,000). */
  mappings?: number;
  /** Timed lookups per store (default 5,000). */
  lookups?: number;
  /** Where redis logs and the SQLite file go (default: a fresh temp folder, removed afterwards). */
  runDir?: string;
}

export interface Measurements {
  keysMoved?: ExpectedKeysMoved;
  zipf?: ZipfShareMeasurement;
  redis?: { version: string; memory?: RedisMemoryMeasurement; get?: LatencySampleUs };
  sqlite?: SqliteMeasurement;
  /** A harness-owned PostgreSQL primary and replica (when the postgresql package is installed). */
  postgres?: PostgresMeasurement;
  /** Measurement name → why it could not be taken (e.g. redis-server not installed). */
  errors: Record<string, string>;
  elapsedMs: number;
}

const REDIS_KEYS: MeasurementKey[] = [
  'redis-get-latency',
  'redis-vs-sqlite-speedup',
  'redis-bytes-int-plain',
  'redis-bytes-int-bucketed',
  'redis-reduction-int',
  'hot-cache-bytes',
];
const PG_KEYS: MeasurementKey[] = ['pg-lookup-latency', 'pg-lookup-latency-at-knee', 'pg-replica-reads-per-s'];
const SQLITE_KEYS: MeasurementKey[] = ['sqlite-lookup-latency', 'redis-vs-sqlite-speedup', 'sqlite-bytes-per-link'];

export async function takeMeasurements(opts: MeasureOptions): Promise<Measurements> {
  const { claims, workload, mappings = 100_000, lookups = 5_000 } = opts;
  const started = performance.now();
  const wanted = new Set(claims.map((c) => c.measure?.key).filter((k): k is MeasurementKey => k !== undefined));
  const needs = (keys: MeasurementKey[]): boolean => keys.some((k) => wanted.has(k));
  const m: Measurements = { errors: {}, elapsedMs: 0 };
  const ownDir = opts.runDir === undefined;
  const runDir = opts.runDir ?? mkdtempSync(join(tmpdir(), 'scaleladder-validate-'));

  const attempt = async (name: string, fn: () => unknown | Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      m.errors[name] = (e as Error).message.split('\n')[0];
    }
  };

  // PostgreSQL boots and seeds in the background (its own processes) while the other measurements run; its lookups
  // are timed last, alone.
  const pgBoot = needs(PG_KEYS) ? bootValidatePostgres(runDir, mappings).then((b) => ({ b }), (e: unknown) => ({ e })) : undefined;
  try {
    if (needs(['keys-moved-mod-n', 'keys-moved-consistent'])) {
      await attempt('keys moved', () => {
        const ring = claims.find((c) => c.measure?.key === 'keys-moved-consistent' || c.measure?.key === 'keys-moved-mod-n');
        const from = Number(ring?.inputs.from ?? 4);
        const to = Number(ring?.inputs.to ?? 5);
        const vnodes = Number(claims.find((c) => c.measure?.key === 'keys-moved-consistent')?.inputs.vnodes ?? 160);
        const codes = Array.from({ length: mappings }, (_, i) => encodeId(i + 1));
        m.keysMoved = expectedKeysMoved(codes, from, to, vnodes);
      });
    }
    if (wanted.has('zipf-top-share')) {
      await attempt('zipf share', () => {
        const fractions = claims.filter((c) => c.measure?.key === 'zipf-top-share').map((c) => Number(c.inputs.topFraction));
        m.zipf = measureZipfShare(workload, fractions);
      });
    }
    if (needs(SQLITE_KEYS)) await attempt('sqlite', () => (m.sqlite = measureSqlite(runDir, mappings, lookups)));
    if (needs(REDIS_KEYS)) {
      await attempt('redis', async () => {
        const redis = await startValidateRedis(runDir);
        try {
          m.redis = { version: redis.version };
          const r = m.redis;
          r.memory = await measureRedisMemory(redis.client, mappings, async () => {
            r.get = await measureRedisGet(redis.client, mappings, lookups);
          });
        } finally {
          await redis.stop();
        }
      });
    }
    if (pgBoot) {
      await attempt('postgres', async () => {
        const booted = await pgBoot;
        if ('e' in booted) throw booted.e;
        // Each saturating loop runs 1 s at the default 5,000 lookups, shorter for a small run (0.5 s at 1,000).
        m.postgres = await measureBootedPostgres(booted.b, lookups, Math.min(1, Math.max(0.5, lookups / 5000)));
      });
    }
  } finally {
    const booted = await pgBoot;
    if (booted && 'b' in booted) await booted.b.stop();
    if (ownDir) rmSync(runDir, { recursive: true, force: true });
  }
  m.elapsedMs = performance.now() - started;
  return m;
}
