// Every compare format renders: table with verdicts, Markdown table rows, github-action-benchmark JSON, Go benchmark lines benchstat reads.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../harness/compare/compare-runs.ts';
import { GO_BENCH_LINE, renderBenchstat } from '../../harness/compare/render-benchstat.ts';
import { renderCompareMarkdown } from '../../harness/compare/render-compare-markdown.ts';
import { renderCompareTable } from '../../harness/compare/render-compare-table.ts';
import { renderGithubBenchmark } from '../../harness/compare/render-github-benchmark.ts';
import { repeatedRuns, syntheticRun, lognormalLatencies } from '../helpers/synthetic-result.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

const base = repeatedRuns({ runs: 6, seed: 1, knee: 900 });
const head = repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.2, knee: 910 });
const c = compareRuns(base, head, { threshold: 0.05 });

describe('compare renderers', () => {
  it('renders a terminal table with a row per metric, the verdicts and the summary', () => {
    const out = renderCompareTable(c);
    expect(out).toMatch(/stage · tier\s+metric\s+base\s+head\s+Δ\s+evidence\s+verdict/);
    expect(out).toMatch(/p99\s+.*ms ±\d.*\+\d+\.\d %\s+p=0\.0022 \(Holm 0\.0\d+\) n=6\+6\s+worse/);
    expect(out).toMatch(/REGRESSION: \d+ metrics significantly worse past the threshold \(exit 1\)/);
  });

  it('renders Markdown: a pipe table whose rows all have the header\'s column count, regressions listed first', () => {
    const md = renderCompareMarkdown(c);
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| stage · tier | metric | base | head | Δ | evidence | verdict |');
    expect(rows[1]).toMatch(/^\| --- \| --- \| ---: /);
    const cols = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const r of rows) expect(cols(r)).toBe(cols(rows[0]));
    expect(rows.length - 2).toBe(c.groups.reduce((s, g) => s + g.metrics.length, 0));
    expect(md).toMatch(/\*\*Worse:\*\*\n\n- stage 1 · 1k · p99/);
    expect(md).toMatch(/🔴 regression/);
  });

  it('renders github-action-benchmark customSmallerIsBetter: a JSON array of {name, unit, value, range?, extra?}', () => {
    const entries = JSON.parse(renderGithubBenchmark(c)) as Record<string, unknown>[];
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThan(10);
    for (const e of entries) {
      expect(typeof e.name).toBe('string');
      expect(typeof e.unit).toBe('string');
      expect(typeof e.value).toBe('number');
      expect(Number.isFinite(e.value)).toBe(true);
      if ('range' in e) expect(e.range).toMatch(/^± /);
      expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).toBe(true);
    }
    const names = entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const rate = entries.find((e) => String(e.name).startsWith('stage 1 · 10k · achieved rate'))!;
    expect(rate.unit).toBe('µs/req (1/rate)');
    expect(rate.value).toBeCloseTo(1e6 / 4600, 0);
  });

  it('renders Go benchmark format: config lines, Unit metadata, one line per run and step, each matching the benchmark line grammar', () => {
    const text = renderBenchstat([
      { name: 'base', runs: base },
      { name: 'head', runs: head },
    ]);
    const lines = text.split('\n');
    const bench = lines.filter((l) => l.startsWith('Benchmark'));
    expect(bench.length).toBe(2 * 6 * 3); // 2 sides × 6 runs × (2 tiers + knee)
    for (const l of bench) expect(l).toMatch(GO_BENCH_LINE);
    expect(bench[0]).toMatch(/^BenchmarkStage1\/tier=1k-2 20000 \S+ req\/s \d+ p50-ns \d+ p90-ns \d+ p99-ns \d+ p99\.9-ns 0 error-ratio \d+ cpu\.app-ns\/req$/);
    expect(lines).toContain('goos: linux');
    expect(lines).toContain('goarch: amd64');
    expect(lines).toContain('pkg: scaleladder/stage1');
    expect(lines).toContain('side: base');
    expect(lines).toContain('side: head');
    expect(lines).toContain('Unit req/s better=higher');
    expect(lines).toContain('Unit p99-ns better=lower');
    // Configuration keys: a lower-case start, no spaces or upper case before the colon (the format's rule).
    for (const l of lines.filter((x) => /^[a-z][^\s:]*:/.test(x))) expect(l).toMatch(/^[a-z][^A-Z\s:]*: \S/);
  });

  it('renders probe steps with their connections and odd component names as single tokens', () => {
    const rng = mulberry32(3);
    const run = syntheticRun({
      stage: 3,
      steps: [{ tier: 'probe', kind: 'probe', model: 'closed', connections: 64, targetRate: null, latenciesUs: lognormalLatencies(rng, 100, 1000), achievedRate: 1234.5, processes: [{ name: 'nginx', role: 'load balancer', cpuMsPerRequest: 0.05 }] }],
    });
    const [line] = renderBenchstat([{ runs: [run] }]).split('\n').filter((l) => l.startsWith('Benchmark'));
    expect(line).toMatch(GO_BENCH_LINE);
    expect(line).toMatch(/^BenchmarkStage3\/tier=probe\/kind=probe\/conns=64-2 100 1234\.5 req\/s .* 50000 cpu\.load_balancer-ns\/req$/);
  });
});
