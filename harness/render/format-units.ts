// Pure number formatting shared by every renderer: µs as ms, rates, bytes, percentages.
export function ms(us: number): string {
  const v = us / 1000;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function rate(r: number | null): string {
  if (r === null) return '-';
  return r >= 100 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1);
}

export function percent(f: number): string {
  return `${(f * 100).toFixed(f > 0 && f < 0.001 ? 3 : f < 0.1 ? 2 : 1)}%`;
}

export function bytes(b: number): string {
  if (b >= 1 << 30) return `${(b / (1 << 30)).toFixed(1)} GiB`;
  if (b >= 1 << 20) return `${(b / (1 << 20)).toFixed(1)} MiB`;
  if (b >= 1 << 10) return `${(b / (1 << 10)).toFixed(1)} KiB`;
  return `${b} B`;
}
