// The k6 driver against a stand-in k6 binary: the command line it runs, the measurement it returns, its errors, doctor.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { StepProgress, StepSpec } from '../../harness/drivers/driver-types.ts';
import { createK6Driver, K6_SCRIPTS_DIR, resolveK6Script } from '../../harness/drivers/k6/k6-driver.ts';
import { k6Status } from '../../harness/drivers/k6/k6-doctor.ts';
import { K6_NOT_FOUND, parseK6Version, versionAtLeast } from '../../harness/drivers/k6/k6-locate.ts';
import { planK6Run } from '../../harness/drivers/k6/k6-run-plan.ts';
import { UserError } from '../../harness/errors/user-error.ts';
import { summarize } from '../../harness/measure/histogram.ts';
import { registeredGroups } from '../../harness/supervisor/child-registry.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';

const FAKE = fileURLToPath(new URL('../fixtures/k6-fake.mjs', import.meta.url));
let binDir: string;
let emptyDir: string;

beforeAll(() => {
  binDir = mkdtempSync(join(tmpdir(), 'k6-bin-'));
  emptyDir = mkdtempSync(join(tmpdir(), 'k6-nobin-'));
  writeFileSync(join(binDir, 'k6'), `#!/bin/sh\nexec "${process.execPath}" "${FAKE}" "$@"\n`);
  chmodSync(join(binDir, 'k6'), 0o755);
});

afterEach(() => {
  delete process.env.FAKE_K6_MODE;
  delete process.env.FAKE_K6_ARGS;
  delete process.env.FAKE_K6_VERSION;
  delete process.env.FAKE_K6_READY;
});

function spec(over: Partial<StepSpec> = {}): StepSpec {
  return {
    baseUrl: 'http://127.0.0.1:4567',
    rate: 40.4,
    durationS: 3,
    connections: 64,
    workload: normalizeWorkload({ seededLinks: 3, regions: { eu: 1, us: 1 }, metadataShare: 0.2 }),
    codes: ['aaa', 'bbb', 'ccc', 'ddd'],
    timeoutMs: 5000,
    threads: 1,
    streamId: 2,
    ...over,
  };
}

describe('createK6Driver', () => {
  test('without k6 on PATH: one UserError line saying how to install it and that other drivers do not need it', () => {
    expect(() => createK6Driver({ pathEnv: emptyDir })).toThrow(UserError);
    expect(() => createK6Driver({ pathEnv: emptyDir })).toThrow(K6_NOT_FOUND);
    expect(K6_NOT_FOUND).toBe(
      'k6 not found on PATH: install it from https://grafana.com/docs/k6/latest/set-up/install-k6/ (the open and autocannon drivers do not need it)',
    );
  });

  test('runs k6 run --out json=… --quiet with the step as -e variables and returns the parsed step', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'k6-work-'));
    process.env.FAKE_K6_ARGS = join(workDir, 'argv.json');
    const progress: StepProgress[] = [];
    const driver = createK6Driver({ pathEnv: binDir, workDir });
    expect(driver.name).toBe('k6');
    const m = await driver.runStep(spec({ onProgress: (p) => progress.push(p) }));

    const seen = JSON.parse(readFileSync(process.env.FAKE_K6_ARGS, 'utf8'));
    expect(seen.args.slice(0, 4)).toEqual(['run', '--quiet', '--out', `json=${join(workDir, 'step-2.k6.json.gz')}`]);
    expect(seen.args.at(-1)).toBe(join(K6_SCRIPTS_DIR, 'mixed.ts'));
    expect(seen.env).toMatchObject({
      BASE_URL: 'http://127.0.0.1:4567',
      RATE: '40.4',
      DURATION: '3s',
      EXECUTOR: 'constant',
      SLO_P99_MS: '100',
      SLO_ERROR_RATE: '0.001',
      TIMEOUT_MS: '5000',
      METADATA_SHARE: '0.2',
      REGIONS: 'eu=1,us=1',
      SEEDED_LINKS: '3',
      STREAM_ID: '2',
      CODES_FILE: join(workDir, 'codes.txt'),
    });
    expect(seen.codes).toBe('aaa\nbbb\nccc\nddd\n');

    expect(m).toMatchObject({ driver: 'k6', model: 'open', intendedRate: 40.4, sent: 12, completed: 9, dropped: 2, aborted: false });
    expect(m.errors).toEqual({ 'unexpected-status': 1, timeout: 1, connect: 1, reset: 1, dropped: 2 });
    expect(summarize(m.latencyAll!).count).toBe(10); // 9 answered + 1 timeout at its duration
    expect(summarize(m.latency).count).toBe(8);
    expect(Object.keys(m.byEndpoint).sort()).toEqual(['create', 'metadata', 'redirect', 'unknown']);
    expect(progress.length).toBeGreaterThan(0);
    expect(existsSync(join(workDir, 'step-2.k6.json.gz'))).toBe(false);
    expect(readdirSync(workDir)).toContain('step-2.k6-summary.json');
    expect(registeredGroups()).toEqual([]);
  });

  test('thresholds crossed (k6 exit 99) is a measured step, not a failure', async () => {
    process.env.FAKE_K6_MODE = 'thresholds';
    const m = await createK6Driver({ pathEnv: binDir, keepRawOutput: true }).runStep(spec());
    expect(m.sent).toBe(12);
  });

  test('a k6 that aborts (exit 108) is a UserError carrying k6\'s own last lines and the log path', async () => {
    process.env.FAKE_K6_MODE = 'abort';
    const run = createK6Driver({ pathEnv: binDir }).runStep(spec());
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/k6 run failed, exit code 108 \(test aborted by the script\): .*not healthy.*\(log: .*step-2\.k6\.log\)/);
  });

  test('an abort signal stops k6 gracefully (SIGINT) and keeps what it measured', async () => {
    process.env.FAKE_K6_MODE = 'hang';
    // Abort once the stand-in has written its first samples and handles SIGINT (a fixed delay lost that race on a loaded box).
    const ready = join(mkdtempSync(join(tmpdir(), 'k6-ready-')), 'ready');
    process.env.FAKE_K6_READY = ready;
    const ac = new AbortController();
    const poll = setInterval(() => existsSync(ready) && (clearInterval(poll), ac.abort()), 20);
    const m = await createK6Driver({ pathEnv: binDir }).runStep(spec({ signal: ac.signal, durationS: 30 }));
    clearInterval(poll);
    expect(m.aborted).toBe(true);
    expect(m.sent).toBe(12);
    expect(m.durationS).toBeLessThan(30);
  });

  test('a script name resolves to loadtests/k6, a path stays a path', () => {
    expect(resolveK6Script('redirect-only')).toBe(join(K6_SCRIPTS_DIR, 'redirect-only.ts'));
    expect(resolveK6Script('/x/y.ts')).toBe('/x/y.ts');
  });
});

test('planK6Run puts MAX_VUS and extra variables last, and writes plain JSON when not compressing', () => {
  const p = planK6Run({
    script: '/s.ts',
    workDir: '/w',
    spec: spec(),
    slo: { p99Ms: 50, errorRate: 0.01 },
    expectedLatencyMs: 5,
    compress: false,
    maxVus: 100,
    extraEnv: { HEALTH_TIMEOUT: '30s' },
  });
  expect(p.outputFile).toBe('/w/step-2.k6.json');
  expect(p.vars).toMatchObject({ SLO_P99_MS: '50', SLO_ERROR_RATE: '0.01', EXPECTED_LATENCY_MS: '5', MAX_VUS: '100', HEALTH_TIMEOUT: '30s' });
  expect(p.vars.CODES_FILE).toBeUndefined();
  expect(p.args.slice(-3)).toEqual(['-e', 'HEALTH_TIMEOUT=30s', '/s.ts']);
});

describe('k6Status (doctor)', () => {
  test('not installed: the install line', () => {
    expect(k6Status({ pathEnv: emptyDir })).toEqual({ installed: false, hint: K6_NOT_FOUND });
  });

  test('installed: its version and that the scripts are ready', () => {
    expect(k6Status({ pathEnv: binDir })).toMatchObject({ installed: true, version: '1.0.0', hint: expect.stringMatching(/k6 v1\.0\.0: --driver k6/) });
  });

  test('too old for TypeScript scripts: says to upgrade', () => {
    process.env.FAKE_K6_VERSION = '0.50.0';
    expect(k6Status({ pathEnv: binDir })).toMatchObject({ installed: true, version: '0.50.0', hint: expect.stringMatching(/older than v0\.57\.0/) });
  });

  test('version parsing and comparison', () => {
    expect(parseK6Version('k6 v0.57.0 (go1.23.4, linux/amd64)')).toBe('0.57.0');
    expect(parseK6Version('k6 v1.2.3-rc.1 (commit/x)')).toBe('1.2.3-rc.1');
    expect(versionAtLeast('0.57.0')).toBe(true);
    expect(versionAtLeast('0.56.9')).toBe(false);
    expect(versionAtLeast('1.0.0')).toBe(true);
  });
});
