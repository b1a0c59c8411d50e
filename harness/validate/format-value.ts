// Human-readable numbers for claim values in their units (decimal SI for bytes, as the article uses: 3 TB = 3e12 B).

const en = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** Three significant digits, grouped: 38.6, 3,858, 0.000213. */
export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const mag = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - mag);
  return en(Number(v.toFixed(Math.min(decimals, 12))), Math.min(decimals, 12));
}

export function formatBytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${sig(v)} ${units[i]}`;
}

export function formatUs(us: number): string {
  if (us >= 1_000_000) return `${sig(us / 1_000_000)} s`;
  if (us >= 1000) return `${sig(us / 1000)} ms`;
  return `${sig(us)} µs`;
}

function formatCount(v: number): string {
  const names: [number, string][] = [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ];
  for (const [scale, name] of names) if (Math.abs(v) >= scale) return `${sig(v / scale)} ${name}`;
  return sig(v);
}

/** A value in a claim unit, e.g. (0.8, 'fraction') → "80.0 %", (3e12, 'bytes') → "3 TB". */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'µs':
      return formatUs(value);
    case 'fraction':
      return `${(value * 100).toFixed(1)} %`;
    case 'combinations':
      return formatCount(value);
    case 'years':
      return `${sig(value)} years`;
    case '×':
      return `${sig(value)}×`;
    case 'stage':
      return `stage ${value}`;
    default:
      return `${sig(value)} ${unit}`;
  }
}
