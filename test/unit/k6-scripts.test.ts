// The k6 scenario scripts run under stand-in k6 modules: their requests match the harness's own RequestMix, tier by tier.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { EXPECTED_STATUS } from '../../harness/drivers/driver-types.ts';
import { RequestMix, type PlannedRequest } from '../../loadtests/workload/request-mix.ts';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { selectTiers } from '../../loadtests/workload/tiers.ts';
import { normalizeWorkload, type WorkloadConfig } from '../../loadtests/workload/workload-config.ts';
import { EXPECTED_STATUS_K6 } from '../../loadtests/k6/lib/send-request.ts';
import { scenarioWorkload, vuStreamId } from '../../loadtests/k6/lib/scenario-workloads.ts';

const K6_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../loadtests/k6');

interface Recorded {
  method: string;
  url: string;
  body: string | null;
  params: { tags?: Record<string, string>; headers?: Record<string, string>; redirects?: number; timeout?: string };
}

// The stand-in k6 runtime: records every request and answers like the app would.
const k6 = vi.hoisted(() => {
  const state = {
    requests: [] as Recorded[],
    healthy: true,
    aborted: [] as string[],
    vuId: 1,
    options: {} as Record<string, unknown>,
    nextCode: 0,
  };
  function respond(method: string, url: string, headers: Record<string, string> = {}) {
    const path = new URL(url).pathname;
    if (path === '/healthz') return { status: state.healthy ? 200 : 503, headers: {}, error: '', error_code: 0, json: () => null };
    if (method === 'POST') {
      const code = `c${state.nextCode++}`;
      return { status: 201, headers: {}, error: '', error_code: 0, json: (k: string) => (k === 'code' ? code : null) };
    }
    if (path.startsWith('/api/links/')) {
      const etag = `"e-${path.slice(11)}"`;
      return headers['If-None-Match'] === etag ? { status: 304, headers: { Etag: etag } } : { status: 200, headers: { Etag: etag } };
    }
    return { status: path.startsWith('/_') ? 404 : 302, headers: {} };
  }
  return { state, respond };
});

vi.mock('k6', () => ({ sleep: () => {}, check: () => true, fail: (m: string) => { throw new Error(m); } }));
vi.mock('k6/http', () => {
  const request = (method: string, url: string, body: string | null, params: Recorded['params'] = {}) => {
    k6.state.requests.push({ method, url, body, params });
    return k6.respond(method, url, params.headers);
  };
  const http = {
    request,
    get: (url: string, params?: Recorded['params']) => request('GET', url, null, params),
    batch: (reqs: { method: string; url: string; body: string; params: Recorded['params'] }[]) => reqs.map((r) => request(r.method, r.url, r.body, r.params)),
    expectedStatuses: (...s: number[]) => ({ expected: s }),
  };
  return { default: http, ...http };
});
vi.mock('k6/execution', () => ({
  default: {
    vu: { get idInTest() { return k6.state.vuId; } },
    test: { abort: (m: string) => { k6.state.aborted.push(m); throw new Error(`aborted: ${m}`); }, get options() { return k6.state.options; } },
  },
}));
vi.mock('k6/data', () => ({ SharedArray: class { constructor(_name: string, make: () => unknown[]) { return make(); } } }));

const work = mkdtempSync(join(tmpdir(), 'k6-scripts-'));
const CODES = Array.from({ length: 500 }, (_, i) => `k${i.toString(36).padStart(6, '0')}`);
const CODES_FILE = join(work, 'codes.txt');
writeFileSync(CODES_FILE, `${CODES.join('\n')}\n`);
afterAll(() => vi.unstubAllGlobals());

interface Script {
  options: { scenarios: Record<string, Record<string, unknown>>; thresholds: Record<string, string[]> };
  setup: () => { codes?: string[] };
  default: (data: { codes?: string[] }) => void;
  handleSummary: (data: unknown) => Record<string, string>;
}

/** Loads a scenario script afresh, as k6 would for one VU, with these -e variables. */
async function loadScript(name: string, env: Record<string, string>): Promise<Script> {
  vi.resetModules();
  vi.stubGlobal('__ENV', { BASE_URL: 'http://127.0.0.1:9999', ...env });
  vi.stubGlobal('open', (p: string) => readFileSync(isAbsolute(p) ? p : resolve(K6_DIR, p), 'utf8'));
  const path = join(K6_DIR, `${name}.ts`);
  return (await import(/* @vite-ignore */ path)) as Script;
}

/** Runs setup once and `n` iterations; the workload requests (setup's own requests left out). */
function drive(s: Script, n: number): Recorded[] {
  const data = s.setup();
  const requests: Recorded[] = [];
  k6.state.requests = requests;
  for (let i = 0; i < n; i++) s.default(data);
  k6.state.requests = [];
  return requests;
}

function expectSame(got: Recorded[], want: PlannedRequest[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    expect({ method: g.method, url: g.url, body: g.body ?? undefined, endpoint: g.params.tags?.endpoint, region: g.params.tags?.region }).toEqual({
      method: w.method,
      url: `http://127.0.0.1:9999${w.path}`,
      body: w.body,
      endpoint: w.endpoint,
      region: w.region,
    });
  }
}

function plan(config: WorkloadConfig, codes: readonly string[], streamId: number, n: number): PlannedRequest[] {
  const mix = new RequestMix(config, codes, streamId);
  return Array.from({ length: n }, () => mix.next());
}

beforeEach(() => {
  k6.state.requests = [];
  k6.state.aborted = [];
  k6.state.healthy = true;
  k6.state.vuId = 1;
  k6.state.options = {};
  k6.state.nextCode = 0;
});

describe('mixed.ts', () => {
  const env = {
    RATE: '50',
    CODES_FILE,
    ZIPF_SKEW: '1.2',
    READ_WRITE_RATIO: '20',
    UNKNOWN_SHARE: '0.05',
    METADATA_SHARE: '0.1',
    REGIONS: 'eu=0.5,us=0.3,ap=0.2',
    SEED: '7',
    SEEDED_LINKS: '500',
    STREAM_ID: '3',
  };
  const config = normalizeWorkload({ zipfSkew: 1.2, readWriteRatio: 20, unknownShare: 0.05, metadataShare: 0.1, regions: { eu: 0.5, us: 0.3, ap: 0.2 }, seed: 7, seededLinks: 500 });

  test('given the same seed, the requests are exactly the harness RequestMix stream of that VU', async () => {
    k6.state.vuId = 4;
    const s = await loadScript('mixed', env);
    const got = drive(s, 3000);
    expectSame(got, plan(config, CODES, vuStreamId(3, 4), 3000));
    const endpoints = new Set(got.map((r) => r.params.tags?.endpoint));
    expect(endpoints).toEqual(new Set(['redirect', 'create', 'metadata', 'unknown']));
  });

  test('ZIPF_SKEW reaches the sampler: another skew draws another stream, with the hot code hotter', async () => {
    const hotShare = (reqs: Recorded[]) => reqs.filter((r) => r.url.endsWith(`/${CODES[0]}`)).length / reqs.length;
    const flat = drive(await loadScript('mixed', { ...env, ZIPF_SKEW: '0.5' }), 4000);
    const steep = drive(await loadScript('mixed', { ...env, ZIPF_SKEW: '1.5' }), 4000);
    expectSame(flat, plan({ ...config, zipfSkew: 0.5 }, CODES, vuStreamId(3, 1), 4000));
    expect(hotShare(steep)).toBeGreaterThan(3 * hotShare(flat));
  });

  test('every request carries the endpoint tag, the region tag and header, no redirects followed, the timeout', async () => {
    const got = drive(await loadScript('mixed', { ...env, TIMEOUT_MS: '2500' }), 500);
    for (const r of got) {
      expect(r.params.tags?.region).toMatch(/^(eu|us|ap)$/);
      expect(r.params.headers?.['x-client-region']).toBe(r.params.tags?.region);
      expect(r.params.redirects).toBe(0);
      expect(r.params.timeout).toBe('2500ms');
      if (r.method === 'POST') expect(r.params.headers?.['Content-Type']).toBe('application/json');
    }
  });

  test('without CODES_FILE, setup() seeds SEEDED_LINKS links and the VUs draw from the codes it returns', async () => {
    const s = await loadScript('mixed', { ...env, CODES_FILE: '', SEEDED_LINKS: '120' });
    const data = s.setup();
    const seeded = k6.state.requests.filter((r) => r.method === 'POST');
    expect(seeded).toHaveLength(120);
    expect(seeded.every((r) => r.params.tags?.endpoint === undefined)).toBe(true);
    expect(data.codes).toHaveLength(120);
    k6.state.requests = [];
    for (let i = 0; i < 200; i++) s.default(data);
    expectSame(k6.state.requests, plan({ ...config, seededLinks: 120 }, data.codes!, vuStreamId(3, 1), 200));
  });

  test('setup() aborts the test, naming /healthz, when the target never becomes healthy', async () => {
    k6.state.healthy = false;
    const s = await loadScript('mixed', { ...env, HEALTH_TIMEOUT: '1s' });
    expect(() => s.setup()).toThrow(/aborted/);
    expect(k6.state.aborted[0]).toMatch(/127\.0\.0\.1:9999 is not healthy: GET \/healthz gave HTTP 503/);
  });

  test('a k6-operator runner (execution segment) draws a different stream than an unsegmented run', async () => {
    const local = drive(await loadScript('mixed', env), 200).map((r) => r.url);
    k6.state.options = { executionSegment: '1/4:2/4' };
    const segmented = drive(await loadScript('mixed', env), 200).map((r) => r.url);
    expect(segmented).not.toEqual(local);
  });
});

describe('the single-endpoint scripts', () => {
  test('redirect-only.ts sends only redirects of seeded codes, the harness stream with reads only', async () => {
    const got = drive(await loadScript('redirect-only', { RATE: '10', CODES_FILE, SEEDED_LINKS: '500' }), 1000);
    const base = normalizeWorkload({ seededLinks: 500 });
    expectSame(got, plan(scenarioWorkload('redirect-only', base), CODES, vuStreamId(0, 1), 1000));
    expect(got.every((r) => r.params.tags?.endpoint === 'redirect')).toBe(true);
  });

  test('create-only.ts needs no codes: setup() seeds nothing and every request is a JSON POST /api/links', async () => {
    const s = await loadScript('create-only', { RATE: '10' });
    s.setup();
    expect(k6.state.requests.map((r) => r.url)).toEqual(['http://127.0.0.1:9999/healthz']);
    const got = drive(s, 300);
    expect(got.every((r) => r.method === 'POST' && r.url.endsWith('/api/links') && JSON.parse(r.body!).url.startsWith('https://'))).toBe(true);
    expect(new Set(got.map((r) => r.body)).size).toBe(300);
  });

  test('metadata-conditional.ts revalidates with the ETag it saw: repeats carry If-None-Match and get 304', async () => {
    const got = drive(await loadScript('metadata-conditional', { RATE: '10', CODES_FILE, SEEDED_LINKS: '500' }), 2000);
    expect(got.every((r) => r.params.tags?.endpoint === 'metadata' && r.url.includes('/api/links/'))).toBe(true);
    const seen = new Set<string>();
    for (const r of got) {
      const code = r.url.slice(r.url.lastIndexOf('/') + 1);
      expect(r.params.headers?.['If-None-Match']).toBe(seen.has(code) ? `"e-${code}"` : undefined);
      expect(r.params.tags?.conditional).toBe(seen.has(code) ? 'true' : 'false');
      seen.add(code);
    }
    expect(got.filter((r) => r.params.tags?.conditional === 'true').length).toBeGreaterThan(1000);
  });
});

describe('options per tier', () => {
  const tiers = selectTiers(loadTierFile());

  test.each(tiers.map((t) => [t.name, t.peakRate] as const))('TIER=%s drives its tiers.json peak rate (%f req/s) with the SLO thresholds', async (name, peak) => {
    const s = await loadScript('mixed', { TIER: name, CODES_FILE });
    const key = `mixed_${name}`;
    const sc = s.options.scenarios[key];
    expect(sc.executor).toBe('constant-arrival-rate');
    const perS = sc.timeUnit === '1s' ? (sc.rate as number) : (sc.rate as number) / 60;
    expect(Math.abs(perS - peak)).toBeLessThanOrEqual(1 / 120);
    expect(sc.duration).toBe('30s');
    expect(sc.preAllocatedVUs as number).toBeGreaterThanOrEqual(Math.ceil(peak * 0.01));
    expect(sc.maxVUs as number).toBeGreaterThanOrEqual(Math.ceil(peak * 0.1));
    expect(s.options.thresholds).toEqual({
      [`http_req_duration{scenario:${key}}`]: ['p(99)<100'],
      [`http_req_failed{scenario:${key}}`]: ['rate<0.001'],
    });
  });

  test('the 1m tier is the seed top row: 40,400 req/s at peak (40,000 reads + 400 writes)', async () => {
    const s = await loadScript('redirect-only', { TIER: '1m', CODES_FILE });
    expect(s.options.scenarios.redirect_only_1m).toMatchObject({ rate: 40_400, timeUnit: '1s', preAllocatedVUs: 808, maxVUs: 8080 });
  });

  test('SLO_P99_MS, SLO_ERROR_RATE, DURATION and EXECUTOR=ramping shape the options', async () => {
    const s = await loadScript('create-only', { TIER: '10k', SLO_P99_MS: '250', SLO_ERROR_RATE: '0.01', DURATION: '2m', EXECUTOR: 'ramping', RAMP: '20s' });
    const sc = s.options.scenarios.create_only_10k;
    expect(sc).toMatchObject({ executor: 'ramping-arrival-rate', startRate: 1, stages: [{ duration: '20s' }, { duration: '120s' }] });
    expect(s.options.thresholds['http_req_duration{scenario:create_only_10k}']).toEqual(['p(99)<250']);
    expect(s.options.thresholds['http_req_failed{scenario:create_only_10k}']).toEqual(['rate<0.01']);
  });

  test('RATE overrides the tier rate; TIER is then only the label', async () => {
    const s = await loadScript('mixed', { TIER: 'probe', RATE: '123', CODES_FILE });
    expect(s.options.scenarios.mixed_probe).toMatchObject({ rate: 123, timeUnit: '1s' });
  });

  test('an unknown tier fails the init with the known tiers listed', async () => {
    await expect(loadScript('mixed', { TIER: '2m', CODES_FILE })).rejects.toThrow(/unknown tier "2m": known tiers are 1k, 10k, 100k, 500k, 1m/);
  });

  test('a missing BASE_URL fails the init saying how to pass it', async () => {
    await expect(loadScript('mixed', { BASE_URL: '', RATE: '1' })).rejects.toThrow(/BASE_URL is "", not an http\(s\) URL: run k6 with -e BASE_URL=/);
  });

  test('k6 itself does not follow redirects and skips bodies', async () => {
    const s = (await loadScript('mixed', { RATE: '5', CODES_FILE })) as unknown as { options: Record<string, unknown> };
    expect(s.options).toMatchObject({ maxRedirects: 0, discardResponseBodies: true });
    expect(s.options.systemTags).not.toContain('url');
  });
});

test('handleSummary() writes k6 summary JSON to SUMMARY_FILE and one line on stdout', async () => {
  const s = await loadScript('mixed', { RATE: '5', CODES_FILE, SUMMARY_FILE: '/tmp/x/summary.json' });
  const data = { metrics: { http_reqs: { values: { count: 10 } }, http_req_duration: { values: { 'p(99)': 12.5 }, thresholds: { 'p(99)<100': { ok: true } } } } };
  const out = s.handleSummary(data);
  expect(JSON.parse(out['/tmp/x/summary.json'])).toEqual(data);
  expect(out.stdout).toMatch(/10 requests, p99 12\.50 ms, .*thresholds passed/);
});

test("the scripts' expected statuses are the harness's EXPECTED_STATUS, for every endpoint a k6 script can send", () => {
  // 'follow' (a GET of a code just created) is sent by the open-model driver only: k6 runs refuse --follow-after-create.
  const { follow, ...planned } = EXPECTED_STATUS;
  expect(follow).toEqual([301, 302]);
  expect(EXPECTED_STATUS_K6).toEqual(planned);
});
