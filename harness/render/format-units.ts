// The one number formatter of every view (terminal, Markdown, HTML): "1.0 %", SI bytes (kB, MB), latencies from µs.
// Bytes are decimal because the claims quote the articles (3 TB = 3e12 B); a percent has a space before its sign.

const grouped = (v: number, digits: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** Three significant digits, grouped: 38.6, 3,858, 0.000213. */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const decimals = Math.min(12, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(v)))));
  return grouped(Number(v.toFixed(decimals)), decimals);
}

/** Rounded, grouped: 12,345. */
export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

/** "1 shard", "3 shards". */
export function count(v: number, unit: string): string {
  return `${int(v)} ${v === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** A rate in req/s without its unit: grouped whole numbers from 100, one decimal below; '-' for none. */
export function rate(r: number | null): string {
  if (r === null) return '-';
  return r >= 100 ? int(r) : r.toFixed(1);
}

/** A fraction as a percent: "12.5 %", more decimals near 0 and 1 ("0.05 %", "99.95 %") unless `decimals` is given. */
export function percent(f: number, decimals?: number): string {
  const a = Math.abs(f);
  const d = decimals ?? (a > 0 && a < 0.001 ? 3 : a < 0.1 || (a > 0.99 && a < 1) ? 2 : 1);
  return `${(f * 100).toFixed(d)} %`;
}

/** Decimal (SI) bytes with three significant digits: "512 B", "38.6 MB", "3 TB". */
export function bytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${sig(v)} ${units[i]}`;
}

/** µs as milliseconds without the unit, for columns headed "ms": 123, 12.3, 1.23. */
export function ms(us: number): string {
  const v = us / 1000;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** µs as a latency with its unit: "850 µs", "12.3 ms", "1.25 s". */
export function duration(us: number): string {
  if (Math.abs(us) >= 1_000_000) return `${(us / 1_000_000).toFixed(Math.abs(us) >= 10_000_000 ? 1 : 2)} s`;
  if (Math.abs(us) >= 1000) return `${ms(us)} ms`;
  return `${sig(us)} µs`;
}

/** A large count in words: "3.5 million", "2.18 trillion". */
function words(v: number): string {
  const names: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [scale, name] of names) if (Math.abs(v) >= scale) return `${sig(v / scale)} ${name}`;
  return sig(v);
}

/** A value in its unit, e.g. (0.8, 'fraction') → "80.0 %", (3e12, 'bytes') → "3 TB", (1500, 'µs') → "1.50 ms". */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'bytes':
      return bytes(value);
    case 'µs':
      return duration(value);
    case 'fraction':
    case 'ratio':
      return percent(value);
    case 'combinations':
      return words(value);
    case '×':
      return `${sig(value)}×`;
    case 'stage':
      return `stage ${value}`;
    default:
      return `${sig(value)} ${unit}`;
  }
}
