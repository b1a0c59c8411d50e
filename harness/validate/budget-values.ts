// Measured values of the seed-003/004 claims taken on this machine: latency budget (disk, LRU, emulated hop), stateless apps.
import type { Claim, ComputedValue } from './claim-types.ts';
import { duration as formatUs } from '../render/format-units.ts';
import type { Measurements } from './measure/take-measurements.ts';

const n = (v: number): string => v.toLocaleString('en-US');

export function budgetValue(claim: Claim, m: Measurements): ComputedValue | null {
  switch (claim.measure?.key) {
    case 'disk-fsync-latency': {
      const f = m.budget?.fsync;
      if (!f) return null;
      return { value: f.p50Us, unit: 'µs', text: `${n(f.count)} × (write 4 KiB + fsync) in ${m.budget?.fsyncDir}: p50 ${formatUs(f.p50Us)}, p99 ${formatUs(f.p99Us)}, max ${formatUs(f.maxUs)}`, details: { ...f } };
    }
    case 'local-lru-latency': {
      const l = m.budget?.localLru;
      if (!l) return null;
      return { value: l.p50Us, unit: 'µs', text: `${n(l.count)} lookups in the apps' in-process LRU (10,000 entries): p50 ${formatUs(l.p50Us)}, p99 ${formatUs(l.p99Us)}`, details: { ...l } };
    }
    case 'emulated-hop-latency': {
      const hop = Number(claim.inputs.hopMs);
      const h = m.budget?.hops[String(hop)];
      if (!h) return null;
      return {
        value: h.p50Us,
        unit: 'µs',
        text: `${n(h.count)} emulated hops asked for ${hop} ms (setTimeout, as the CDN emulator's RTTs): p50 ${formatUs(h.p50Us)}, p99 ${formatUs(h.p99Us)}${hop < 1 ? ' (Node rounds a timer below 1 ms up to 1 ms)' : ''}`,
        details: { ...h },
      };
    }
    case 'stateless-answers': {
      const s = m.stateless;
      if (!s) return null;
      return {
        value: s.share,
        unit: 'fraction',
        text: `${n(s.requests)} requests sent to two app instances over one SQLite file (redirects, metadata with click counts, unknown codes, links created on the other): ${n(s.identical)} identical${s.differences.length ? `; e.g. ${s.differences[0]}` : ''}`,
        details: { ...s },
      };
    }
    default:
      return null;
  }
}
