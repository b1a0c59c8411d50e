// Parses the durations a k6 script takes from __ENV ("30s", "500ms", "2m", "1m30s" or bare seconds) into seconds.

/** Seconds in `text`; throws naming the variable and the accepted forms when it is not a duration. */
export function parseDurationText(name: string, text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  // No sticky regexes here: k6's JS engine runs this too.
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) throw new Error(`${name}="${text}" is not a duration: use e.g. 30s, 500ms, 2m or 1m30s`);
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const v = Number(m[1]);
    total += m[2] === 'ms' ? v / 1000 : m[2] === 's' ? v : m[2] === 'm' ? v * 60 : v * 3600;
  }
  return total;
}

/** A duration in k6's own syntax, whole milliseconds ("30s", "1500ms"). */
export function k6Duration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
