// Turns the raw measurements into the measured value of one claim, in the claim's own unit, with the numbers behind it.
import type { Claim, ComputedValue } from './claim-types.ts';
import { bytes, duration, formatValue, sig } from '../render/format-units.ts';
import { numbers } from './formulas/formula-inputs.ts';
import type { Measurements } from './measure/take-measurements.ts';

const pct = (v: number): string => formatValue(v, 'fraction');
const n = (v: number): string => v.toLocaleString('en-US');

/** The claim's product with its per-record byte factor swapped for a measured one (a projection at measured size). */
function project(claim: Claim, factor: string, measuredBytes: number): { value: number; base: number } {
  const mul = numbers(claim, 'multiply');
  const div = numbers(claim, 'divide');
  const base = mul.filter(([k]) => k !== factor).reduce((a, [, v]) => a * v, 1) / div.reduce((a, [, v]) => a * v, 1);
  return { value: base * measuredBytes, base };
}

/** The measured value, or null when the measurement was not taken (see Measurements.errors for why). */
export function measuredValue(claim: Claim, m: Measurements): ComputedValue | null {
  const key = claim.measure?.key;
  const mem = m.redis?.memory;
  switch (key) {
    case 'keys-moved-mod-n':
      if (!m.keysMoved) return null;
      return {
        value: m.keysMoved.modN,
        unit: 'fraction',
        text: `${n(m.keysMoved.keys)} real codes (encodeId 1…${n(m.keysMoved.keys)}), ${m.keysMoved.hash} mod ${m.keysMoved.from} vs mod ${m.keysMoved.to}: ${pct(m.keysMoved.modN)} moved`,
      };
    case 'keys-moved-consistent':
      if (!m.keysMoved) return null;
      return {
        value: m.keysMoved.consistent,
        unit: 'fraction',
        text: `ring of ${m.keysMoved.from} → ${m.keysMoved.to} servers × ${m.keysMoved.vnodes} vnodes, ${n(m.keysMoved.keys)} codes: ${pct(m.keysMoved.consistent)} moved (the new server owns ${pct(m.keysMoved.newServersShare)})`,
      };
    case 'zipf-top-share': {
      const share = m.zipf?.shares[String(claim.inputs.topFraction)];
      if (!m.zipf || share === undefined) return null;
      const top = Math.max(1, Math.round(m.zipf.links * Number(claim.inputs.topFraction)));
      return {
        value: share,
        unit: 'fraction',
        text: `sampled ${n(m.zipf.reads)} link reads of the request mix (Zipf s = ${m.zipf.skew}, ${n(m.zipf.links)} links): the top ${n(top)} got ${pct(share)}`,
      };
    }
    case 'redis-get-latency': {
      const g = m.redis?.get;
      if (!g) return null;
      return {
        value: g.p50Us,
        unit: 'µs',
        text: `${n(g.count)} sequential GETs over loopback (redis ${m.redis?.version}): p50 ${duration(g.p50Us)}, p99 ${duration(g.p99Us)}, max ${duration(g.maxUs)}`,
        details: { ...g },
      };
    }
    case 'sqlite-lookup-latency': {
      const l = m.sqlite?.lookup;
      if (!l) return null;
      return {
        value: l.p50Us,
        unit: 'µs',
        text: `${n(l.count)} indexed lookups in-process (${n(m.sqlite!.links)} links): p50 ${duration(l.p50Us)}, p99 ${duration(l.p99Us)}, max ${duration(l.maxUs)}`,
        details: { ...l },
      };
    }
    case 'pg-lookup-latency': {
      const p = m.postgres;
      if (!p) return null;
      const l = p.idle;
      return {
        value: l.p50Us,
        unit: 'µs',
        text: `${n(l.count)} sequential prepared lookups on an idle PostgreSQL ${p.version} primary over loopback (${n(p.links)} links): p50 ${duration(l.p50Us)}, p99 ${duration(l.p99Us)}, max ${duration(l.maxUs)}`,
        details: { ...l, primaryReadyMs: Math.round(p.primaryReadyMs), replicaReadyMs: Math.round(p.replicaReadyMs) },
      };
    }
    case 'pg-lookup-latency-at-knee': {
      const p = m.postgres;
      if (!p) return null;
      const l = p.loaded;
      return {
        value: l.p50Us,
        unit: 'µs',
        text: `the primary at its knee (${l.concurrency} clients back to back, ${n(Math.round(l.readsPerS))} lookups/s): p50 ${duration(l.p50Us)}, p99 ${duration(l.p99Us)}`,
        details: { ...l },
      };
    }
    case 'pg-replica-reads-per-s': {
      const p = m.postgres;
      if (!p) return null;
      const r = p.replica;
      return {
        value: r.readsPerS,
        unit: 'reads/s',
        text: `one streaming replica at its knee (${r.concurrency} clients back to back, unconstrained on this box): ${n(Math.round(r.readsPerS))} lookups/s, p50 ${duration(r.p50Us)}; the primary alone: ${n(Math.round(p.loaded.readsPerS))} lookups/s`,
        details: { ...r },
      };
    }
    case 'redis-vs-sqlite-speedup': {
      const g = m.redis?.get;
      const l = m.sqlite?.lookup;
      if (!g || !l) return null;
      const value = l.p50Us / g.p50Us;
      const faster = value >= 1 ? 'the cache is faster' : 'the cache is slower than the embedded database';
      return {
        value,
        unit: '×',
        text: `SQLite p50 ${duration(l.p50Us)} / Redis GET p50 ${duration(g.p50Us)} = ${sig(value)}× (${faster})`,
      };
    }
    case 'redis-bytes-int-plain':
      if (!mem) return null;
      return {
        value: mem.int.plainBytesPerMapping,
        unit: 'B/mapping',
        text: `${n(mem.int.mappings)} × SET media:<id> <user id> in redis ${m.redis?.version}: ${bytes(mem.int.plainBytes)} = ${sig(mem.int.plainBytesPerMapping)} B/mapping (URL mappings: ${sig(mem.url.plainBytesPerMapping)} B)`,
        details: { int: mem.int, url: mem.url },
      };
    case 'redis-bytes-int-bucketed':
      if (!mem) return null;
      return {
        value: mem.int.bucketedBytesPerMapping,
        unit: 'B/mapping',
        text: `${n(mem.int.mappings)} ids in ${n(mem.int.buckets)} hashes of ${n(mem.int.bucketSize)} (${mem.int.bucketEncoding}): ${bytes(mem.int.bucketedBytes)} = ${sig(mem.int.bucketedBytesPerMapping)} B/mapping (URL mappings: ${sig(mem.url.bucketedBytesPerMapping)} B)`,
        details: { int: mem.int, url: mem.url, config: mem.config },
      };
    case 'redis-reduction-int':
      if (!mem) return null;
      return {
        value: mem.int.reduction,
        unit: 'fraction',
        text: `integer ids: ${sig(mem.int.plainBytesPerMapping)} → ${sig(mem.int.bucketedBytesPerMapping)} B/mapping = ${pct(mem.int.reduction)} less; code → URL: ${sig(mem.url.plainBytesPerMapping)} → ${sig(mem.url.bucketedBytesPerMapping)} B = ${pct(mem.url.reduction)} less (the URL bytes themselves cannot shrink)`,
        details: { int: mem.int, url: mem.url },
      };
    case 'hot-cache-bytes': {
      if (!mem) return null;
      const p = project(claim, 'bytesPerUrl', mem.url.plainBytesPerMapping);
      return {
        value: p.value,
        unit: 'bytes',
        text: `${n(Math.round(p.base))} hot mappings × ${sig(mem.url.plainBytesPerMapping)} B measured per plain Redis key (~${mem.url.shape.match(/\d+ B/)?.[0] ?? ''} URLs) = ${bytes(p.value)}`,
      };
    }
    case 'sqlite-bytes-per-link': {
      if (!m.sqlite) return null;
      const p = project(claim, 'bytesPerUrl', m.sqlite.bytesPerLink);
      return {
        value: p.value,
        unit: 'bytes',
        text: `${formatValue(p.base, 'combinations')} links × ${sig(m.sqlite.bytesPerLink)} B per link measured in SQLite (${m.sqlite.urlBytes}-byte URLs, row + unique index) = ${bytes(p.value)}`,
      };
    }
    default:
      return null;
  }
}
