// `k6 export`: the manifest is valid YAML with the fields k6-operator requires, and the flattened script still runs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { UserError } from '../../harness/errors/user-error.ts';
import { exportK6TestRun } from '../../harness/k6-export/export-k6-testrun.ts';
import { bundleScript } from '../../harness/k6-export/script-bundle.ts';
import { k8sName } from '../../harness/k6-export/testrun-manifest.ts';
import { resolveK6Script } from '../../harness/drivers/k6/k6-driver.ts';

vi.mock('k6', () => ({ sleep: () => {} }));
vi.mock('k6/http', () => ({ default: { expectedStatuses: (...s: number[]) => ({ s }), request: () => ({ status: 302, headers: {} }) } }));
vi.mock('k6/execution', () => ({ default: { vu: { idInTest: 1 }, test: { options: {}, abort: () => {} } } }));
vi.mock('k6/data', () => ({ SharedArray: class { constructor(_n: string, f: () => unknown[]) { return f(); } } }));

const dir = mkdtempSync(join(tmpdir(), 'k6-export-'));

interface Manifest {
  configMap: { apiVersion: string; kind: string; metadata: { name: string }; data: Record<string, string> };
  testRun: {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: { parallelism: number; script: { configMap: { name: string; file: string } }; arguments: string; runner: { image: string } };
  };
}

function read(path: string): Manifest {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  expect(docs.map((d) => d.errors)).toEqual(docs.map(() => []));
  const objs = docs.map((d) => d.toJS()).filter((o) => o !== null);
  expect(objs).toHaveLength(2);
  return { configMap: objs[0], testRun: objs[1] };
}

function argVars(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/-e (\w+)=(\S*)/g)) out[m[1]] = m[2];
  return out;
}

describe('exportK6TestRun', () => {
  const out = join(dir, 'testrun.yaml');
  const result = exportK6TestRun({ script: 'mixed', tier: '100k', parallelism: 4, out, baseUrl: 'http://shortener.svc:8080' });
  const m = read(out);

  test('the TestRun has what k6-operator requires: apiVersion, kind, metadata.name, spec.parallelism, spec.script.configMap', () => {
    expect(m.testRun.apiVersion).toBe('k6.io/v1alpha1');
    expect(m.testRun.kind).toBe('TestRun');
    expect(m.testRun.metadata.name).toBe('scaleladder-mixed-100k');
    expect(m.testRun.spec.parallelism).toBe(4);
    expect(m.testRun.spec.script.configMap).toEqual({ name: m.configMap.metadata.name, file: 'k6__mixed.ts' });
    expect(m.configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(m.configMap.data[m.testRun.spec.script.configMap.file]).toBeDefined();
    expect(result).toMatchObject({ testRunName: 'scaleladder-mixed-100k', configMapName: 'scaleladder-mixed-100k-script' });
  });

  test('the arguments carry the tier total rate and the target; each runner gets a quarter', () => {
    const vars = argVars(m.testRun.spec.arguments);
    expect(vars).toMatchObject({ BASE_URL: 'http://shortener.svc:8080', RATE: '4040', TIER: '100k', DURATION: '60s', SLO_P99_MS: '100', SLO_ERROR_RATE: '0.001' });
    expect(result.perRunnerRate).toBe(1010);
    expect(readFileSync(out, 'utf8')).toMatch(/equal execution segment/);
  });

  test('the ConfigMap holds the script, its lib and the workload modules it imports, and nothing using node:', () => {
    const keys = Object.keys(m.configMap.data);
    expect(keys).toEqual(expect.arrayContaining(['k6__mixed.ts', 'k6__lib__define-scenario.ts', 'k6__lib__send-request.ts', 'workload__request-mix.ts', 'workload__zipf.ts', 'workload__prng.ts', 'workload__tiers.ts']));
    expect(keys.every((k) => /^[-._a-zA-Z0-9]+$/.test(k))).toBe(true);
    expect(keys).not.toContain('workload__tier-file.ts');
    for (const text of Object.values(m.configMap.data)) expect(text).not.toMatch(/from ['"]node:/);
  });

  test('every relative import in the ConfigMap points at a key of the same ConfigMap', () => {
    const keys = new Set(Object.keys(m.configMap.data));
    for (const text of Object.values(m.configMap.data)) {
      for (const spec of text.matchAll(/\bfrom\s*['"](\.[^'"]+)['"]/g)) expect(keys.has(spec[1].replace(/^\.\//, ''))).toBe(true);
    }
  });

  test('the flattened files run unchanged: the entry loads from one flat folder and drives the exported rate', async () => {
    const flat = mkdtempSync(join(tmpdir(), 'k6-flat-'));
    for (const [k, v] of Object.entries(m.configMap.data)) writeFileSync(join(flat, k), v);
    vi.stubGlobal('__ENV', argVars(m.testRun.spec.arguments));
    vi.stubGlobal('open', () => {
      throw new Error('open() must not be needed when RATE is given');
    });
    const script = await import(/* @vite-ignore */ join(flat, 'k6__mixed.ts'));
    expect(script.options.scenarios.mixed_100k).toMatchObject({ executor: 'constant-arrival-rate', rate: 4040, timeUnit: '1s' });
    vi.unstubAllGlobals();
  });
});

test('a codes file is bundled as codes.txt and every runner reads it from /test', () => {
  const codes = join(dir, 'codes.txt');
  writeFileSync(codes, 'aaa\nbbb\n');
  const r = exportK6TestRun({ script: 'redirect-only', tier: '1k', parallelism: 2, out: join(dir, 'with-codes.yaml'), codesFile: codes });
  const m = read(r.out);
  expect(m.configMap.data['codes.txt']).toBe('aaa\nbbb\n');
  expect(argVars(m.testRun.spec.arguments)).toMatchObject({ CODES_FILE: '/test/codes.txt', BASE_URL: 'http://scaleladder-target:8080', RATE: '40.4' });
});

test('refusals are one-line UserErrors naming the problem', () => {
  const out = join(dir, 'x.yaml');
  expect(() => exportK6TestRun({ script: 'mixed', tier: '2m', parallelism: 1, out })).toThrow(/unknown tier "2m": known tiers are 1k, 10k/);
  expect(() => exportK6TestRun({ script: 'mixed', tier: '1k', parallelism: 0, out })).toThrow(UserError);
  expect(() => exportK6TestRun({ script: 'mixed', tier: '1k', parallelism: 1, out, baseUrl: 'shortener:8080' })).toThrow(/--base-url must be an http\(s\) URL/);
  const big = join(dir, 'big-codes.txt');
  writeFileSync(big, Array.from({ length: 150_000 }, (_, i) => `code${i}`).join('\n'));
  expect(() => exportK6TestRun({ script: 'mixed', tier: '1k', parallelism: 1, out, codesFile: big })).toThrow(/over Kubernetes' 1 MiB/);
});

test('bundleScript keys files below their common folder and k8sName makes valid names', () => {
  const b = bundleScript(resolveK6Script('create-only'));
  expect(b.entry).toBe('k6__create-only.ts');
  expect(b.files['k6__create-only.ts']).toContain("from './k6__lib__define-scenario.ts'");
  expect(k8sName('Scaleladder_Mixed 1M!')).toBe('scaleladder-mixed-1m');
});
