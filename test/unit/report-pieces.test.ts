// The report's pure pieces: escaping, spectrum points, alignment, labels, capacity, and writeReport over real result files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newLatencyHistogram, recordUs } from '../../harness/measure/histogram.ts';
import { validateResult } from '../../harness/results/validate-result.ts';
import { alignSeries } from '../../harness/report/align-series.ts';
import { esc, jsonForScript } from '../../harness/report/html-escape.ts';
import { capacityOf } from '../../harness/report/ladder-charts.ts';
import { renderReport } from '../../harness/report/render-report.ts';
import { runLabels } from '../../harness/report/run-label.ts';
import { SPECTRUM_X, percentileOfX, spectrumMs } from '../../harness/report/spectrum-points.ts';
import { writeReport } from '../../harness/report/write-report.ts';
import { syntheticLadder, syntheticRun } from '../browser/helpers/synthetic-results.ts';

describe('escaping', () => {
  it('esc turns markup into text', () => {
    expect(esc('<img src=x onerror="a()">&\'')).toBe('&lt;img src=x onerror=&quot;a()&quot;&gt;&amp;&#39;');
    expect(esc(undefined)).toBe('');
  });

  it('jsonForScript cannot close its script element and still parses to the same value', () => {
    const v = { name: '</script><script>alert(1)</script>', sep: '\u2028', amp: 'a&b' };
    const s = jsonForScript(v);
    expect(s).not.toMatch(/<\/script/i);
    expect(s).not.toContain('\u2028');
    expect(JSON.parse(s)).toEqual(v);
  });
});

describe('spectrum points', () => {
  it('run from 0 % to 99.999 % on x = 1/(1−p)', () => {
    expect(SPECTRUM_X[0]).toBe(1);
    expect(percentileOfX(SPECTRUM_X[SPECTRUM_X.length - 1])).toBeGreaterThan(99.998);
    expect(percentileOfX(10)).toBeCloseTo(90, 10);
  });

  it('read known values back: 1…10,000 µs uniform gives p50 ≈ 5 ms, p90 ≈ 9 ms, top = 10 ms', () => {
    const h = newLatencyHistogram();
    for (let v = 1; v <= 10_000; v++) recordUs(h, v);
    const ys = spectrumMs(h);
    const at = (x: number) => ys[SPECTRUM_X.findIndex((v) => Math.abs(v - x) < 1e-9)]!;
    expect(at(2)).toBeCloseTo(5, 1);
    expect(at(2 ** (16 / 5))).toBeCloseTo(10_000 * (1 - 2 ** (-16 / 5)) / 1000, 1);
    expect(ys[ys.length - 1]).toBeCloseTo(10, 1);
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThanOrEqual(ys[i - 1]!);
  });

  it('an empty histogram has no points', () => {
    expect(spectrumMs(newLatencyHistogram()).every((v) => v === null)).toBe(true);
  });
});

describe('alignSeries', () => {
  it('merges x values, sorted, with nulls where a series has no point', () => {
    expect(alignSeries([[[3, 30], [1, 10]], [[2, 200], [3, 300]]])).toEqual([[1, 2, 3], [10, null, 30], [null, 200, 300]]);
  });
});

describe('labels and capacity', () => {
  it('labels runs by stage, adding the commit (and a number) only when stages repeat', () => {
    const a = syntheticRun({ stage: 1, commit: 'aaaaaaa111', steps: [] });
    const b = syntheticRun({ stage: 1, commit: 'bbbbbbb222', steps: [] });
    const c = syntheticRun({ stage: 2, steps: [] });
    expect(runLabels([a, b, c])).toEqual(['stage 1 · aaaaaaa', 'stage 1 · bbbbbbb', 'stage 2']);
    // The same commit tells nothing apart: the runs are numbered in order.
    expect(runLabels([a, a])).toEqual(['stage 1 #1', 'stage 1 #2']);
  });

  it('labels the sizes of a sweep by their app processes, and adds the commit only where the size does not tell them apart', () => {
    const sized = (apps: number, commit: string) => {
      const r = syntheticRun({ stage: 3, commit, steps: [] });
      return { ...r, config: { ...r.config, topology: { ...r.config.topology, appProcesses: apps } } };
    };
    expect(runLabels([sized(1, 'aaaaaaa1'), sized(2, 'aaaaaaa1'), sized(4, 'aaaaaaa1')])).toEqual(['stage 3 ×1 apps', 'stage 3 ×2 apps', 'stage 3 ×4 apps']);
    expect(runLabels([sized(4, 'aaaaaaa1'), sized(4, 'bbbbbbb2'), sized(2, 'aaaaaaa1')])).toEqual(['stage 3 ×4 apps · aaaaaaa', 'stage 3 ×4 apps · bbbbbbb', 'stage 3 ×2 apps']);
  });

  it('capacity is the knee, else the highest passing step that was not loadgen-bound', () => {
    const [s1, , s3] = syntheticLadder();
    expect(capacityOf(s1)).toEqual({ value: 1900, basis: 'knee' });
    const noKnee = { ...s3, knee: undefined };
    expect(capacityOf(noKnee)).toEqual({ value: 404, basis: 'highest passing step' });
  });
});

describe('renderReport', () => {
  const html = renderReport({ results: syntheticLadder(), title: 'T <x>' });

  it('is self-contained: uPlot inlined, no external scripts, styles or images', () => {
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src=/i);
    expect(html).toContain('<title>T &lt;x&gt;</title>');
  });

  it('embeds one chart spec per chart container', () => {
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]);
    const containers = [...html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    expect(data.charts.map((c: { id: string }) => c.id)).toEqual(containers);
  });

  it('with no results says so instead of drawing empty charts', () => {
    const empty = renderReport({ results: [] });
    expect(empty).toContain('Nothing to show');
    expect(empty).not.toContain('data-chart="');
  });
});

describe('writeReport', () => {
  it('reads result files (schema-checked) and writes one HTML file, returning its absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const paths = syntheticLadder().map((r, i) => {
      expect(validateResult(JSON.parse(JSON.stringify(r))).ok).toBe(true);
      const p = join(dir, `stage-${i + 1}.json`);
      writeFileSync(p, JSON.stringify(r));
      return p;
    });
    const out = writeReport(paths, join(dir, 'sub', 'report.html'));
    expect(out).toBe(join(dir, 'sub', 'report.html'));
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(paths[0]);
    expect((html.match(/<table class="data steps">/g) ?? []).length).toBe(4);
  });

  it('refuses no inputs and unreadable ones with one line', () => {
    expect(() => writeReport([], 'x.html')).toThrow(/give at least one result file/);
    expect(() => writeReport(['/nonexistent.json'], 'x.html')).toThrow(/no such result file or folder/);
  });
});
