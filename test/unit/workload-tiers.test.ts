// Tiers turn users into rates with the seed's calibration: 1M users ↔ 4,000 reads/s average, 40,000 at peak, 40 writes/s.
import { describe, expect, it } from 'vitest';
import { loadTierFile } from '../../loadtests/workload/tier-file.ts';
import { selectTiers, validateTierFile } from '../../loadtests/workload/tiers.ts';

describe('tiers', () => {
  it('given the default file, then 1M users gives 4,000 reads/s, 40 writes/s and 40,400 req/s at peak', () => {
    const [t] = selectTiers(loadTierFile(), ['1M']);
    expect(t.readsPerSecAvg).toBeCloseTo(4000, 6);
    expect(t.writesPerSecAvg).toBeCloseTo(40, 6);
    expect(t.peakRate).toBeCloseTo(40_400, 6);
    expect(t.readWriteRatio).toBeCloseTo(100, 6);
    expect(t.derivation).toContain('peak 10');
  });

  it('keeps the order asked for and scales linearly with users', () => {
    const ts = selectTiers(loadTierFile(), ['10k', '1k']);
    expect(ts.map((t) => t.name)).toEqual(['10k', '1k']);
    expect(ts[0].peakRate / ts[1].peakRate).toBeCloseTo(10, 9);
  });

  it('names the known tiers when asked for an unknown one', () => {
    expect(() => selectTiers(loadTierFile(), ['2k'])).toThrow(/unknown tier "2k": known tiers are 1k, 10k, 100k, 500k, 1m/);
  });

  it('rejects a file with a bad field naming it', () => {
    expect(() => validateTierFile({ assumptions: { readsPerUserPerDay: -1, writesPerUserPerDay: 1, peakFactor: 1, secondsPerDay: 1 }, tiers: [] })).toThrow(
      /assumptions.readsPerUserPerDay/,
    );
    expect(() =>
      validateTierFile({ assumptions: { readsPerUserPerDay: 1, writesPerUserPerDay: 1, peakFactor: 1, secondsPerDay: 1 }, tiers: [{ name: 'a', users: 0 }] }),
    ).toThrow(/tier "a" needs users > 0/);
  });
});
