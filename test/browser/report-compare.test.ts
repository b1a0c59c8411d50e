// Two runs of one stage in one report: the A-vs-B spectra are drawn per common tier and the delta table is filled.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../harness/report/render-report.ts';
import { chartPixels, openReport, type OpenedReport } from './helpers/open-report.ts';
import { syntheticRun } from './helpers/synthetic-results.ts';

const ARTIFACTS = resolve('results/test-artifacts');

describe('report of two runs', () => {
  let opened: OpenedReport;

  beforeAll(async () => {
    // Given: base and head of stage 1, head 20 % slower at the median.
    const steps = (median: number) => [
      { tier: '1k', users: 1000, rate: 40.4, medianUs: median },
      { tier: '10k', users: 10_000, rate: 404, medianUs: median * 1.3 },
    ];
    const base = syntheticRun({ stage: 1, commit: 'base111aaaa', steps: steps(1000), seed: 1 });
    const head = syntheticRun({ stage: 1, commit: 'head222bbbb', steps: steps(1200), seed: 2 });
    const file = join(ARTIFACTS, 'report-compare.html');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(file, renderReport({ results: [base, head] }));
    opened = await openReport(file);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('labels the runs apart by commit and draws an overlay per common tier', async () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    const ids = (await chartPixels(opened.page)).filter((p) => p.id.startsWith('compare-spectrum'));
    expect(ids).toHaveLength(2);
    for (const p of ids) expect(p.colored, p.id).toBeGreaterThan(50);
    expect(await opened.page.locator('#two-runs h2').textContent()).toBe('A: stage 1 · base111 vs B: stage 1 · head222');
  });

  it('lists per-tier deltas, head slower at p50', async () => {
    const rows = opened.page.locator('table.compare-deltas tbody tr');
    expect(await rows.count()).toBe(14);
    const p50 = await opened.page.locator('table.compare-deltas tbody tr', { hasText: 'p50' }).first().locator('td.num').last().textContent();
    expect(p50).toMatch(/^\+1\d\.\d %$|^\+2\d\.\d %$/);
    await opened.page.screenshot({ path: join(ARTIFACTS, 'report-compare.png'), fullPage: true });
  });
});
