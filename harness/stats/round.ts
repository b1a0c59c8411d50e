// Rounds a measured figure to fixed decimals before it goes into a result, so results stay readable and diff cleanly.

/** `v` rounded to `digits` decimals (3 unless said): round(0.12345) = 0.123. */
export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
