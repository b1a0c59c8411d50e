// Number formatting shared by the plan's formulas and renderers.
export const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** Up to 3 significant digits below 1, 2 decimals below 100, 1 decimal below 1000, thousands separators above. */
export function num(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return String(v);
  if (a >= 1000) return int(v);
  if (a >= 100) return String(Math.round(v * 10) / 10);
  if (a >= 1) return String(Math.round(v * 100) / 100);
  return String(Number(v.toPrecision(3)));
}

/** "1 shard", "3 shards". */
export function count(v: number, unit: string): string {
  return `${int(v)} ${v === 1 ? unit.replace(/s$/, '') : unit}`;
}

export function bytesSi(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = b;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function pct(f: number): string {
  return `${(f * 100).toFixed(f > 0.99 ? 2 : 1)} %`;
}
