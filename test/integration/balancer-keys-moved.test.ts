// Keys moved when a 5th app process joins 4, measured through real balancers: consistent hashing ≈ 1/5, mod-N ≈ 4/5, round-robin no affinity.
// The app processes are stand-ins (test/fixtures/upstream-stub.mjs: plain Node, the app's X-Upstream header): placement
// is the balancer's, and 25 real app boots cost ~1 min of CPU here. `keys-moved --json` (cli-json-output) runs the real app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureKeysMoved, type KeysMovedResult, type MeasureKeysMovedOptions } from '../../harness/placement/measure-keys-moved.ts';
import type { ServiceSpec } from '../../harness/supervisor/service-spec.ts';
import { Wait } from '../../harness/supervisor/wait.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';

const stubApp = (i: number): ServiceSpec => ({
  name: `app-${i}`,
  role: 'app',
  command: process.execPath,
  args: [path.join(repoRoot, 'test/fixtures/upstream-stub.mjs'), `app-${i}`],
  ready: Wait.forLogLine(/scaleladder-app listening on (http:\/\/\S+)/),
  readyTimeoutMs: 20_000,
});
const measure = (o: Omit<MeasureKeysMovedOptions, 'appSpec'>) => measureKeysMoved({ ...o, appSpec: stubApp });

const CODES = Array.from({ length: 500 }, (_, i) => `k${(i * 7919).toString(36).padStart(6, '0')}`);
let runDir: string;

beforeAll(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-moved-'));
});
afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

const show = (r: KeysMovedResult) =>
  console.log(
    `${r.balancer} ${r.algorithm} ${r.from}→${r.to} (${r.how}): moved ${(r.moved * 100).toFixed(1)} % of ${r.compared}, ` +
      `to the new process ${(r.movedToNew * 100).toFixed(0)} %, baseline churn ${(r.baselineChurn * 100).toFixed(1)} %, unobserved ${r.unobserved}; ` +
      `expected: ideal ${(r.expected.idealConsistent * 100).toFixed(0)} %, our ring ${(r.expected.ring * 100).toFixed(1)} %, mod-N ${(r.expected.moduloN * 100).toFixed(1)} %; ` +
      `after: ${JSON.stringify(r.perUpstream.after)}`,
  );

describe('given 500 codes over 4 app processes, when a 5th joins (graceful reload)', () => {
  it('nginx consistent-hash moves about 1/5 of the codes (tolerance 0.10–0.32), all to the new process', async () => {
    const r = await measure({ balancer: 'nginx', algorithm: 'consistent-hash', codes: CODES, runDir: path.join(runDir, 'nginx-ch') });
    show(r);
    expect(r.unobserved).toBe(0);
    expect(r.baselineChurn).toBe(0);
    expect(r.moved).toBeGreaterThan(0.1); // nginx places servers by 'host:port', so each run (new ports) draws a new ring: 15–23 % seen
    expect(r.moved).toBeLessThan(0.32);
    expect(r.movedToNew).toBe(1);
    expect(Object.keys(r.perUpstream.after)).toHaveLength(5);
    expect(r.meaningful).toBe(true);
  });

  it('nginx mod-N hash (hash $code, not consistent) moves most codes (tolerance 0.65–0.92), as the seed says', async () => {
    const r = await measure({ balancer: 'nginx', algorithm: 'modulo-hash', codes: CODES, runDir: path.join(runDir, 'nginx-mod') });
    show(r);
    expect(r.baselineChurn).toBe(0);
    expect(r.moved).toBeGreaterThan(0.65);
    expect(r.moved).toBeLessThan(0.92);
  });

  it('nginx round-robin has no affinity: codes change process even without a membership change', async () => {
    const r = await measure({ balancer: 'nginx', algorithm: 'round-robin', codes: CODES, runDir: path.join(runDir, 'nginx-rr') });
    show(r);
    expect(r.meaningful).toBe(false);
    expect(r.baselineChurn).toBeGreaterThan(0.4); // ≈ 3/4 if placement were random
    expect(r.moved).toBeGreaterThan(0.4);
  });

  it('HAProxy consistent-hash moves a minority of codes, all to the new process', async () => {
    const r = await measure({ balancer: 'haproxy', algorithm: 'consistent-hash', codes: CODES, runDir: path.join(runDir, 'haproxy-ch') });
    show(r);
    expect(r.unobserved).toBe(0);
    expect(r.baselineChurn).toBe(0);
    expect(r.moved).toBeGreaterThan(0.08);
    expect(r.moved).toBeLessThan(0.35);
    expect(r.movedToNew).toBe(1);
  });

  it('HAProxy map-based hash (mod-N) moves most codes (membership change by restart this time)', async () => {
    const r = await measure({ balancer: 'haproxy', algorithm: 'modulo-hash', codes: CODES, runDir: path.join(runDir, 'haproxy-mod'), how: 'restart' });
    show(r);
    expect(r.how).toBe('restart');
    expect(r.unobserved).toBe(0);
    expect(r.baselineChurn).toBe(0);
    expect(r.moved).toBeGreaterThan(0.6);
  });
});
