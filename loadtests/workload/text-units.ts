// Parses the durations and counts people type ("1m30s", "500ms", "500k", "1M"): one grammar for the CLI, faults, k6 scripts and the CDN.
// Pure, no sticky regexes and nothing past ES2020: k6's JS engine runs it too.

export type DurationUnit = 'ms' | 's' | 'm' | 'h';

const SECONDS_PER: Record<DurationUnit, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

function seconds(v: number, unit: DurationUnit): number {
  return unit === 'ms' ? v / 1000 : v * SECONDS_PER[unit];
}

/** Seconds in "10s", "500ms", "2m", "1m30s", or a bare number of `bareUnit` (seconds unless said); RangeError otherwise. */
export function parseDurationS(text: string, bareUnit: DurationUnit = 's'): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return seconds(Number(t), bareUnit);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) throw new RangeError(`"${text}" is not a duration: use e.g. 10s, 500ms, 2m or 1m30s`);
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  for (let m = re.exec(t); m; m = re.exec(t)) total += seconds(Number(m[1]), m[2] as DurationUnit);
  return total;
}

/** Parses "1M", "500k", "40000", "1.5m" (m = million here, as in user counts) into a number. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmM]?)$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a count: use e.g. 40000, 500k or 1M`);
  const mult = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6;
  return Math.round(Number(m[1]) * mult);
}
