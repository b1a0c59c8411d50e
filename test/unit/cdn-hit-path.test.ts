// The hit path's shortcuts behave like the full rules: the rawHeaders scan (any letter case, repeated region lines)
// and the Age text kept between whole seconds (grows with time, never fresh-looking after a soft purge).
import { describe, expect, it } from 'vitest';
import { ALL_DECLINING, CACHE_CONTROL, IF_NONE_MATCH, RANGE, scanRequest, type Scan } from '../../targets/cdn/request-scan.ts';
import { servedAgeText } from '../../targets/cdn/stored-response.ts';
import { tierHarness } from '../fixtures/cdn-tier.ts';

const scan = (raw: string[]): Scan => scanRequest(raw, 'x-client-region', { fields: 0, region: undefined });

describe('hit path: rawHeaders scan', () => {
  it('finds the declining fields and the region in any letter case', () => {
    expect(scan(['Host', 'x', 'Cache-Control', 'no-cache', 'X-Client-Region', 'eu'])).toEqual({ fields: CACHE_CONTROL, region: 'eu' });
    expect(scan(['RANGE', 'bytes=0-1', 'If-None-Match', '"a"'])).toEqual({ fields: RANGE | IF_NONE_MATCH, region: undefined });
    const all = scan(['cache-control', '', 'pragma', '', 'if-none-match', '', 'if-modified-since', '', 'range', '', 'if-match', '', 'if-unmodified-since', '']);
    expect(all.fields).toBe(ALL_DECLINING);
    expect(scan(['Accept', '*/*', 'Connection', 'keep-alive', 'User-Agent', 'x']).fields).toBe(0);
  });

  it('knows no region when x-client-region comes on several lines', () => {
    expect(scan(['x-client-region', 'eu', 'X-Client-Region', 'us']).region).toBeUndefined();
  });
});

describe('hit path: Age text', () => {
  it('follows the current age across whole seconds while fresh, and is computed anew once stale (soft purge)', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=600', age: '10' } }));
    await h.get('/a');
    const e = h.tier.store.select('/a', {})!;
    expect(servedAgeText(e, h.now())).toBe('10');
    expect(servedAgeText(e, h.now() + 999)).toBe('10');
    expect(servedAgeText(e, h.now() + 1000)).toBe('11');
    expect(servedAgeText(e, h.now() + 1500)).toBe('11');
    expect(servedAgeText(e, h.now() + 120_000)).toBe('130');
    h.advance(1);
    h.tier.purgeUrl('/a', true);
    // Soft-purged: served Age is at least the lifetime, so downstream sees it stale.
    expect(Number(servedAgeText(e, h.now()))).toBeGreaterThanOrEqual(600);
  });
});
