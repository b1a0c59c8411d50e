// HTTP-date parsing (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime forms; anything else is invalid.

// A time of day and a month name must be present: this rejects values like "0" or "-1" that Date.parse would accept.
const LOOKS_LIKE_HTTP_DATE = /[A-Za-z]{3}.*\d{1,2}:\d{2}:\d{2}/;

/** Milliseconds since the epoch, or undefined when absent or not an HTTP-date. */
export function parseHttpDate(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || !LOOKS_LIKE_HTTP_DATE.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** IMF-fixdate of a time, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
