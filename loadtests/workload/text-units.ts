// Parses the durations and counts people type ("1m30s", "500ms", "500k", "1M"): one grammar for the CLI, faults, k6 scripts and the CDN.
export function parseDurationS(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const v = Number(m[1]);
    total += m[2] === 'ms' ? v / 1000 : m[2] === 's' ? v : m[2] === 'm' ? v * 60 : v * 3600;
    consumed = re.lastIndex;
  }
  if (consumed !== t.length || t.length === 0) throw new RangeError(`"${text}" is not a duration: use e.g. 10s, 500ms, 2m or 1m30s`);
  return total;
}

/** Parses "1M", "500k", "40000", "1.5m" (m = million here, as in user counts) into a number. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a count: use e.g. 40000, 500k or 1M`);
  const mult = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6;
  return Math.round(Number(m[1]) * mult);
}
