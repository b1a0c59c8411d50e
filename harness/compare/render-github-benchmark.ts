// Pure: the head side as github-action-benchmark `customSmallerIsBetter` JSON ({name, unit, value, range?, extra?}[]); higher-is-better metrics are inverted so "smaller is better" holds for every entry.
import type { Comparison, MetricComparison } from './compare-types.ts';
import { formatDelta, formatEvidence, formatSide, formatVerdict, groupLabel } from './format-cells.ts';

export interface GithubBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

function round(v: number, digits = 4): number {
  return Number.isFinite(v) ? Number(v.toPrecision(digits + 2)) : v;
}

function entry(groupKey: string, m: MetricComparison): GithubBenchmarkEntry | null {
  const s = m.head;
  const half = s.lo !== undefined && s.hi !== undefined && m.mode === 'repeated' ? Math.max(s.hi - s.center, s.center - s.lo) : undefined;
  const extra = `base ${formatSide(m, 'base')} → head ${formatSide(m, 'head')} (${formatDelta(m)}); ${formatVerdict(m)}; ${formatEvidence(m)}`;
  const name = `${groupLabel(groupKey)} · ${m.label}`;
  let unit: string;
  let value: number;
  let range: number | undefined;
  switch (m.unit) {
    case 'µs':
      unit = 'ms';
      value = s.center / 1000;
      range = half !== undefined ? half / 1000 : undefined;
      break;
    case 'ratio':
      unit = '%';
      value = s.center * 100;
      range = half !== undefined ? half * 100 : undefined;
      break;
    case 'req/s':
      // Inverted: µs per request at that rate, so a lower value is still the better one.
      if (!(s.center > 0)) return null;
      unit = 'µs/req (1/rate)';
      value = 1e6 / s.center;
      range = half !== undefined && s.lo! > 0 ? Math.max(1e6 / s.lo! - value, value - 1e6 / s.hi!) : undefined;
      return { name: `${name} (inverted: 1e6 / ${m.label})`, unit, value: round(value), ...(range !== undefined ? { range: `± ${round(range, 3)}` } : {}), extra };
    default:
      unit = m.unit;
      value = s.center;
      range = half;
  }
  return { name, unit, value: round(value), ...(range !== undefined ? { range: `± ${round(range, 3)}` } : {}), extra };
}

export function renderGithubBenchmark(c: Comparison): string {
  const entries: GithubBenchmarkEntry[] = [];
  for (const g of c.groups) {
    for (const m of g.metrics) {
      const e = entry(g.key, m);
      if (e) entries.push(e);
    }
  }
  return JSON.stringify(entries, null, 2) + '\n';
}
