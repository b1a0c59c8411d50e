// Number formats of the HTML report: µs → ms, req/s, percent, bytes.

export function fmtMs(us: number): string {
  const ms = us / 1000;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 1 : 2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtRate(v: number): string {
  return `${v.toLocaleString('en-US', { maximumFractionDigits: v >= 100 ? 0 : 1 })} req/s`;
}

export function fmtPct(f: number): string {
  return `${(f * 100).toFixed(f > 0 && f < 0.001 ? 3 : 1)} %`;
}

export function fmtBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtNum(v: number, digits = 2): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}
