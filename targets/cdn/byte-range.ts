// One byte range of a Range request (RFC 9110 §14.1.2) and where it falls in a stored body (§14.1.1).

/** `first-last`, `first-` (last absent) or `-suffix`. */
export type RangeSpec = { first: number; last?: number } | { suffix: number };

/** Inclusive byte positions of a satisfiable range. */
export interface ByteRange {
  start: number;
  end: number;
}

const SINGLE = /^bytes[ \t]*=[ \t]*(?:(\d{1,15})-(\d{0,15})|-(\d{1,15}))$/i;

/** The one range of a `bytes` Range field; undefined for several ranges, other units, bad syntax or several lines. */
export function parseSingleByteRange(value: string | string[] | undefined): RangeSpec | undefined {
  const v = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  if (v === undefined) return undefined;
  const m = SINGLE.exec(v.trim());
  if (m === null) return undefined;
  if (m[3] !== undefined) return { suffix: Number(m[3]) };
  const first = Number(m[1]);
  if (m[2] === '') return { first };
  const last = Number(m[2]);
  return last < first ? undefined : { first, last };
}

/** The satisfiable part of a range for a body of `length` bytes, or undefined when it is unsatisfiable (§14.1.1). */
export function resolveRange(spec: RangeSpec, length: number): ByteRange | undefined {
  if ('suffix' in spec) return spec.suffix > 0 && length > 0 ? { start: Math.max(0, length - spec.suffix), end: length - 1 } : undefined;
  if (spec.first >= length) return undefined;
  return { start: spec.first, end: spec.last === undefined ? length - 1 : Math.min(spec.last, length - 1) };
}

/** Content-Range of a 206 (§14.4). */
export function contentRange(r: ByteRange, length: number): string {
  return `bytes ${r.start}-${r.end}/${length}`;
}
