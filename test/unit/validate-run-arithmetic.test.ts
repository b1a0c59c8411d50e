// runValidate with measure: false: every claim gets a verdict from the arithmetic alone; table and JSON output.
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../../harness/validate/claim-types.ts';
import { runValidate } from '../../harness/validate/run-validate.ts';

describe('runValidate (arithmetic only)', async () => {
  const { report, output, exitCode } = await runValidate({ measure: false });
  const byId = new Map(report.claims.map((c) => [c.id, c]));

  it('gives every claim one of the verdicts, with a reason', () => {
    expect(exitCode).toBe(0);
    expect(report.measured).toBe(false);
    for (const c of report.claims) {
      expect(VERDICTS).toContain(c.verdict);
      expect(c.reason.length, c.id).toBeGreaterThan(0);
    }
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(report.claims.length);
  });

  it('finds the two arithmetic slips of the performance table', () => {
    expect(byId.get('code-space-years')).toMatchObject({ verdict: 'arithmetic does not hold', recomputed: { value: expect.closeTo(2791.74, 2) } });
    const cache = byId.get('hot-cache-size')!;
    expect(cache.verdict).toBe('arithmetic does not hold');
    expect(cache.recomputed?.value).toBeCloseTo(16_666_667, -1);
    expect(cache.reason).toMatch(/needs topFraction = 0.198, not 0.01/);
  });

  it('confirms the arithmetic that holds', () => {
    for (const id of ['writes-per-second', 'reads-per-second', 'peak-reads-per-second', 'tiers-calibration', 'code-space', 'storage-5-years', 'mod-n-keys-moved', 'consistent-keys-moved', 'instagram-reduction', 'instagram-bytes-per-mapping']) {
      expect(byId.get(id)?.verdict, id).toBe('holds');
    }
  });

  it('leaves measure-only claims and stage rows "not measured yet", N/A rows read by their formula, and untestable rows "not measurable here" with the reason', () => {
    for (const id of ['redis-lookup-under-1ms', 'db-lookup-40ms', 'hot-set-share', 'stage-10k']) expect(byId.get(id)?.verdict, id).toBe('not measured yet');
    // "N/A (no affinity)" has a formula now (1 − 1/N) and a measurement (the latest keys-moved run, if any).
    for (const id of ['round-robin-keys-moved', 'p2c-keys-moved']) {
      expect(byId.get(id)?.recomputed?.value, id).toBeCloseTo(0.8, 6);
      expect(byId.get(id)?.verdict, id).not.toBe('not measurable here');
    }
    expect(byId.get('stage-1m-plus')?.verdict).toBe('not measurable here');
    expect(byId.get('stage-1m-plus')?.reason).toMatch(/^not testable here: /);
    expect(byId.get('stage-100k')?.recomputed?.value).toBeCloseTo(4040, 6);
  });

  it('renders a table per seed table, and JSON on request', async () => {
    expect(output).toMatch(/^scaleladder validate: \d+ claims/);
    expect(output).toContain('Performance at scale');
    expect(output).toMatch(/code-space-years\s+100 years\s+2,792 years\s+—\s+arithmetic does not hold/);
    const json = await runValidate({ measure: false, json: true });
    expect(JSON.parse(json.output)).toMatchObject({ schema: 'scaleladder/validate@1', claims: expect.any(Array) });
  });
});
