// The k6 JSON output parser on realistic k6 lines: what it counts, what it skips, and the StepMeasurement it makes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { classifyK6Error } from '../../harness/drivers/k6/k6-error-kind.ts';
import { K6OutputAggregator, parseK6Json, parseK6Time } from '../../harness/drivers/k6/k6-json-parser.ts';
import { k6StepMeasurement } from '../../harness/drivers/k6/k6-measurement.ts';
import { readK6OutputFile } from '../../harness/drivers/k6/k6-output-file.ts';
import { decodeHistogram, newLatencyHistogram, recordUs, summarize } from '../../harness/measure/histogram.ts';

const FIXTURE = readFileSync(new URL('../fixtures/k6-output.jsonl', import.meta.url), 'utf8');
/** Answered requests of the fixture's load, ms (the timeout, refusal and reset have no response time). */
const LATENCIES_MS = [1.234, 2.5, 0.9, 3.75, 1.5, 2.0, 45.0, 1.1, 0.7];

describe('parseK6Json on a k6 output of a mixed run', () => {
  const out = parseK6Json(FIXTURE);

  test('given setup requests without an endpoint tag, only the workload requests are counted', () => {
    expect(out.sent).toBe(12);
    expect(out.completed).toBe(9);
    expect(out.statusCounts).toEqual({ '302': 3, '301': 1, '201': 1, '200': 1, '304': 1, '404': 1, '500': 1 });
  });

  test('http_req_duration points become a µs histogram equal to recording the same values directly', () => {
    const want = newLatencyHistogram();
    for (const ms of LATENCIES_MS) recordUs(want, ms * 1000);
    // Every answered request in the all-responses histogram; the headline holds the successes only (one 5xx left out).
    // and the timeout (k6 error 1050) at its duration: 9 answered + 1.
    expect(out.latencyAll.totalCount).toBe(10);
    expect(out.latency.totalCount).toBe(8);
    expect(summarize(out.latency).max).toBeLessThanOrEqual(summarize(want).max);
    expect(out.latency.maxValue).toBeLessThan(46_000);
  });

  test('per endpoint tag: one histogram each, the tagged sub-metric point not counted twice', () => {
    const counts = Object.fromEntries(Object.entries(out.byEndpoint).map(([k, h]) => [k, h.totalCount]));
    expect(counts).toEqual({ redirect: 5, create: 1, metadata: 2, unknown: 1 });
  });

  test('errors by kind: unexpected status, timeout (1050), refused (1212), reset (1220); an expected 404 is no error', () => {
    expect(out.errors).toEqual({ 'unexpected-status': 1, timeout: 1, connect: 1, reset: 1 });
    expect(out.failedByK6).toBe(4);
  });

  test('dropped_iterations, vus and vus_max are read; every other metric is skipped', () => {
    expect(out.droppedIterations).toBe(2);
    expect(out.maxVus).toBe(3);
    expect(out.maxVusMax).toBe(9);
    expect(out.skippedPoints).toBeGreaterThan(100);
    expect(out.badLines).toBe(1);
  });

  test('thresholds come from the sub-metric Metric lines', () => {
    expect(out.thresholds).toEqual({ 'http_req_duration{scenario:mixed_1k}': ['p(99)<100'], 'http_req_failed{scenario:mixed_1k}': ['rate<0.001'] });
  });

  test('one interval histogram per second from the first request, their sum the whole histogram', () => {
    expect(out.intervals.map((i) => [i.startMs, i.endMs, decodeHistogram(i.histogram).totalCount])).toEqual([
      [0, 1000, 4],
      [1000, 2000, 3],
      [2000, 3000, 2],
    ]);
    expect(out.firstMs).toBe(Date.UTC(2025, 4, 6, 8, 0, 1, 10));
    expect(out.lastMs).toBe(Date.UTC(2025, 4, 6, 8, 0, 3, 900));
  });

  test('streaming line by line, in any order of reading, gives the same result and running progress', () => {
    const agg = new K6OutputAggregator();
    const lines = FIXTURE.split('\n');
    for (const l of lines.slice(0, 80)) agg.addLine(l);
    const mid = agg.progress();
    expect(mid.sent).toBeGreaterThan(0);
    expect(mid.sent).toBeLessThan(12);
    for (const l of lines.slice(80)) agg.addLine(l);
    expect(agg.progress()).toMatchObject({ sent: 12, completed: 9, errors: 4, droppedIterations: 2 });
    expect(summarize(agg.finish().latency)).toEqual(summarize(out.latency));
  });
});

describe('k6StepMeasurement', () => {
  const out = parseK6Json(FIXTURE);

  test('an open-model measurement whose uncorrected histogram is the same data, dropped iterations as dropped sends', () => {
    const m = k6StepMeasurement(out, { intendedRate: 40.4, plannedDurationS: 3, aborted: false, maxVus: 9 });
    expect(m).toMatchObject({ driver: 'k6', model: 'open', intendedRate: 40.4, durationS: 3, sent: 12, completed: 9, lateSends: 0, dropped: 2, schedulingLag: null, aborted: false });
    expect(m.achievedRate).toBeCloseTo(3);
    expect(m.errors.dropped).toBe(2);
    expect(summarize(m.uncorrected!)).toEqual(summarize(m.latency));
    expect(m.uncorrected).not.toBe(m.latency);
    expect(m.notes[0]).toMatch(/k6 times each request from its actual send, not from its schedule.*dropped_iterations \(2 in this step/);
  });

  test('a step cut short uses the measured span for its rate', () => {
    const m = k6StepMeasurement(out, { intendedRate: 40.4, plannedDurationS: 30, aborted: true });
    expect(m.durationS).toBeCloseTo(2.89, 2);
  });

  test('k6 at its VU cap is said so', () => {
    const m = k6StepMeasurement(out, { intendedRate: 40.4, plannedDurationS: 3, aborted: false, maxVus: 3 });
    expect(m.notes.some((n) => /used all 3 VUs/.test(n))).toBe(true);
  });
});

test('parseK6Time keeps k6 nanosecond timestamps with their offset (sub-ms kept as a fraction)', () => {
  expect(parseK6Time('2017-05-09T14:34:45.625742514+02:00')).toBeCloseTo(Date.UTC(2017, 4, 9, 12, 34, 45, 625) + 0.742514, 2);
  expect(parseK6Time('2025-01-01T00:00:00Z')).toBe(Date.UTC(2025, 0, 1));
  expect(parseK6Time('yesterday')).toBeNaN();
});

test('classifyK6Error maps k6 error codes to the harness error kinds', () => {
  expect(classifyK6Error('0', '1050', [302])).toBe('timeout');
  expect(classifyK6Error('0', '1211', [302])).toBe('connect');
  expect(classifyK6Error('0', '1101', [302])).toBe('connect');
  expect(classifyK6Error('0', '1201', [302])).toBe('reset');
  expect(classifyK6Error('0', '1000', [302])).toBe('other');
  expect(classifyK6Error('404', '1404', [404])).toBeNull();
  expect(classifyK6Error('503', '1503', [302])).toBe('unexpected-status');
  expect(classifyK6Error('418', undefined, undefined, 'false')).toBe('unexpected-status');
});

test('readK6OutputFile reads a gzipped k6 output (as k6 writes for --out json=x.gz) like the plain one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-out-'));
  writeFileSync(join(dir, 'a.json.gz'), gzipSync(FIXTURE));
  writeFileSync(join(dir, 'b.json'), FIXTURE);
  const gz = await readK6OutputFile(join(dir, 'a.json.gz'));
  const plain = await readK6OutputFile(join(dir, 'b.json'));
  expect({ ...gz, latency: summarize(gz.latency), byEndpoint: null }).toEqual({ ...plain, latency: summarize(plain.latency), byEndpoint: null });
  expect(gz.sent).toBe(12);
  writeFileSync(join(dir, 'cut.json.gz'), gzipSync(FIXTURE).subarray(0, 900));
  await expect(readK6OutputFile(join(dir, 'cut.json.gz'))).rejects.toThrow(/truncated gzip/);
  await expect(readK6OutputFile(join(dir, 'none.json'))).rejects.toThrow(/no k6 output at/);
});
