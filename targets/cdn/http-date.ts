// HTTP-date parsing (RFC 9110 §5.6.7), strict: IMF-fixdate, RFC 850 and asctime exactly as specified; anything else
// (UTC for GMT, a missing comma, doubled spaces, one-digit hours, a field on several lines, …) is invalid.

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC_850 = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994` (day is two digits, or a space and one digit) */
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} (\\d{2}| \\d) ${TIME} (\\d{4})$`);

/** Epoch ms of the fields, or undefined when a field is out of range (hour 24, 30 Feb, …). Second 60 is a leap second. */
function utc(year: number, month: number, day: number, h: number, m: number, s: number): number | undefined {
  if (h > 23 || m > 59 || s > 60 || day < 1) return undefined;
  const ms = Date.UTC(year, month, day, h, m, Math.min(s, 59));
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms;
}

/** A two-digit RFC 850 year more than 50 years in the future is the most recent past year with those digits. */
function rfc850Year(yy: number, nowMs: number): number {
  const now = new Date(nowMs).getUTCFullYear();
  let year = now - (now % 100) + yy;
  if (year > now + 50) year -= 100;
  return year;
}

/** Milliseconds since the epoch, or undefined when absent, not an HTTP-date, or on several field lines. */
export function parseHttpDate(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  let v: string | undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) return undefined;
    v = value[0];
  } else v = value;
  if (v === undefined || v.length < 24 || v.length > 40) return undefined;
  let m = IMF_FIXDATE.exec(v);
  if (m !== null) return utc(Number(m[3]), MONTHS[m[2]], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC_850.exec(v);
  if (m !== null) return utc(rfc850Year(Number(m[3]), nowMs), MONTHS[m[2]], Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = ASCTIME.exec(v);
  if (m !== null) return utc(Number(m[6]), MONTHS[m[1]], Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return undefined;
}

/** IMF-fixdate of a time, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
