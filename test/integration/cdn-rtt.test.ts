// Emulated distance: a far region's hit latency follows its client↔edge RTT, a near one's its own; misses add the
// edge↔shield and origin RTTs. Bounds are loose (other tests share the CPU).
import { afterEach, describe, expect, it } from 'vitest';
import { startCdn, type StartedCdn } from '../../targets/cdn/start-cdn.ts';
import { cdnRequest } from '../fixtures/cdn-client.ts';
import { startFixtureOrigin, type FixtureOrigin } from '../fixtures/cdn-origin.ts';

let origin: FixtureOrigin | undefined;
let cdn: StartedCdn | undefined;
afterEach(async () => {
  await cdn?.close();
  await origin?.close();
  cdn = origin = undefined;
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('RTT emulation', () => {
  it('given eu=5 ms and ap=150 ms, then hits take about 5 ms in eu and about 150 ms in ap', async () => {
    origin = await startFixtureOrigin();
    cdn = await startCdn({ origin: origin.url, pops: ['eu', 'us', 'ap'], regionRttMs: { eu: 5, us: 40, ap: 150 } });
    await cdnRequest(cdn.url, '/r', { region: 'eu' });
    await cdnRequest(cdn.url, '/r', { region: 'ap' });
    const eu: number[] = [];
    const ap: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await cdnRequest(cdn.url, '/r', { region: 'eu' });
      const b = await cdnRequest(cdn.url, '/r', { region: 'ap' });
      expect([a.cache, a.pop, b.cache, b.pop]).toEqual(['HIT', 'eu', 'HIT', 'ap']);
      eu.push(a.ms);
      ap.push(b.ms);
    }
    expect(median(eu)).toBeGreaterThanOrEqual(4);
    expect(median(eu)).toBeLessThan(80);
    expect(median(ap)).toBeGreaterThanOrEqual(148);
    expect(median(ap)).toBeLessThan(400);
  });

  it('given a shield, then a miss adds client, edge↔shield and shield↔origin RTTs; all are listed as emulated', async () => {
    origin = await startFixtureOrigin();
    cdn = await startCdn({
      origin: origin.url, pops: ['eu', 'ap'], regionRttMs: { eu: 5, ap: 100 }, shield: true,
      shieldRttMs: { fallback: 20, byName: { ap: 120 } }, originRttMs: { fallback: 80, byName: {} },
    });
    const miss = await cdnRequest(cdn.url, '/m', { region: 'ap' });
    expect(miss.cache).toBe('MISS');
    expect(miss.ms).toBeGreaterThanOrEqual(295);
    expect(miss.ms).toBeLessThan(900);
    const emulated = cdn.stats().emulated.join('\n');
    expect(emulated).toMatch(/client↔edge RTT.*eu=5.*ap=100/);
    expect(emulated).toMatch(/edge↔shield RTT.*ap=120.*\*=20/);
    expect(emulated).toMatch(/shield↔origin RTT.*80/);
  });
});
