// The HTML report opened in real headless Chromium: no errors, every chart drawn, tables present, nothing fetched, a screenshot kept.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../harness/report/render-report.ts';
import { runValidate } from '../../harness/validate/run-validate.ts';
import { chartPixels, openReport, type OpenedReport } from './helpers/open-report.ts';
import { syntheticLadder } from './helpers/synthetic-results.ts';
import type { ExperimentSummary } from '../../harness/experiments/experiment-types.ts';

/** Two experiment summaries: one with a per-interval series per arm (a line chart), one with a headline only (bars). */
function syntheticExperiments(): ExperimentSummary[] {
  const base = { schema: 'scaleladder/experiment@1' as const, runId: 'r1', startedAt: '2026-12-03T13:00:00Z', finishedAt: '2026-12-03T13:02:00Z', commit: 'abc', dirty: false, stage: 2, machines: 'unconstrained (--machine-cpu none)', settings: {}, notes: [] };
  const metric = (key: string, label: string) => ({ key, label, unit: 'ratio' });
  const arm = (name: string, v: number, series?: number[]) => ({ name, label: name, overrides: {}, files: [], metrics: { m: { values: [v], median: v } }, ...(series ? { series } : {}) });
  return [
    { ...base, name: 'ttl-jitter', claimId: 'ttl-jitter-flattens-expiry', question: 'q1', metrics: [metric('m', 'peak÷mean')], seriesLabel: 'DB reads per second', arms: [arm('no-jitter', 5, [0, 40, 2, 1, 90, 3]), arm('jitter', 1.5, [0, 30, 20, 25, 22, 24])], verdict: { outcome: 'confirms', summary: 's1', statistics: {} } },
    { ...base, name: 'eviction', claimId: 'eviction-lfu-zipf', question: 'q2', metrics: [metric('m', 'hit ratio')], arms: [arm('allkeys-lru', 0.6), arm('allkeys-lfu', 0.59), arm('volatile-ttl', 0.55)], verdict: { outcome: 'contradicts', summary: 's2', statistics: {} } },
  ];
}

const ARTIFACTS = resolve('results/test-artifacts');

describe('report rendered in headless Chromium', () => {
  let opened: OpenedReport;
  let chartCount = 0;
  let validateClaims = 0;

  beforeAll(async () => {
    // Given: four stages of synthetic results (real encoded histograms), the arithmetic validate report, a plan and a comparison.
    const results = syntheticLadder();
    const validate = (await runValidate({ measure: false })).report;
    validateClaims = validate.claims.length;
    const plan = {
      target: { derivation: '1,000,000 users → 40,400 req/s at peak' },
      stages: [
        { stage: 1, holds: false, summary: 'one app process tops out at 1,900 req/s', capacity: { value: 1900, unit: 'req/s', formula: 'knee' }, appProcesses: { value: 22, unit: 'processes' } },
        { stage: 3, holds: true, summary: 'holds with 8 app processes', capacity: { value: 5200, unit: 'req/s' }, redisMemory: { value: 16.7, unit: 'MB' } },
      ],
      assumptions: [{ name: 'usable utilization', value: 0.7, source: 'assumed' }],
      warnings: [],
    };
    const comparison = { groups: [{ key: 'stage1/10k', loadgenBound: false, metrics: [{ label: 'p99', unit: 'ms', base: { center: 3.1 }, head: { center: 3.9 }, relDelta: 0.26, verdict: 'worse', mode: 'single-run', reason: '+26 % past ±5 %' }] }], warnings: ['configs differ'], counts: { better: 0, worse: 1, unchanged: 0 }, exitCode: 1 };
    const html = renderReport({ results, validate, plan, comparison, experiments: syntheticExperiments(), title: 'scaleladder report <img src=x onerror="window.__injected=1">' });
    chartCount = (html.match(/data-chart="/g) ?? []).length;
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'report.html');
    writeFileSync(file, html);
    // When: it is opened from a file:// URL.
    opened = await openReport(file);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('logs no console errors and throws no page errors', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
  });

  it('fetches nothing beyond its own file (uPlot and data are inline)', () => {
    expect(opened.outsideRequests).toEqual([]);
  });

  it('draws every chart container onto a canvas with series pixels', async () => {
    const pixels = await chartPixels(opened.page);
    // 3 ladder charts + 3 per run × 4 runs + one per experiment (2)
    expect(chartCount).toBe(17);
    expect(pixels).toHaveLength(chartCount);
    for (const p of pixels) {
      expect(p.canvas, `${p.id} has a canvas`).toBe(true);
      expect(p.colored, `${p.id} has drawn series`).toBeGreaterThan(50);
    }
    const ready = await opened.page.getAttribute('body', 'data-charts-ready');
    expect(Number(ready)).toBe(chartCount);
  });

  it('shows the step, validate, plan and comparison tables, with loadgen-bound and emulated labelled', async () => {
    const page = opened.page;
    expect(await page.locator('table.steps').count()).toBe(4);
    expect(await page.locator('#validate table.validate').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#validate td .badge').count()).toBe(validateClaims);
    expect(await page.locator('#plan table.plan tbody tr').count()).toBe(2);
    expect(await page.locator('#comparison table.comparison tbody tr').count()).toBe(1);
    expect(await page.locator('table.steps .badge.warn', { hasText: 'loadgen-bound' }).count()).toBe(1);
    expect(await page.locator('.badge.emulated').count()).toBe(2);
  });

  it('shows one block per experiment with its verdict badge, arms table and chart', async () => {
    const page = opened.page;
    expect(await page.locator('#experiments .experiment').count()).toBe(2);
    expect(await page.locator('#experiments .experiment[data-experiment="ttl-jitter"] .badge.good', { hasText: 'confirms' }).count()).toBe(1);
    expect(await page.locator('#experiments .experiment[data-experiment="eviction"] .badge.bad', { hasText: 'contradicts' }).count()).toBe(1);
    expect(await page.locator('#experiments .experiment[data-experiment="eviction"] > table tr').count()).toBe(4);
    expect(await page.locator('#experiments [data-chart]').count()).toBe(2);
  });

  it('escapes inserted text: the title and an emulated label with markup stay text', async () => {
    const page = opened.page;
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(await page.title()).toContain('<img src=x');
    expect(await page.locator('.badge.emulated', { hasText: '<b>(emulated)</b>' }).count()).toBe(1);
  });

  it('saves a full-page screenshot as a test artifact', async () => {
    const path = join(ARTIFACTS, 'report.png');
    const png = await opened.page.screenshot({ path, fullPage: true });
    expect(png.length).toBeGreaterThan(50_000);
  });
});
