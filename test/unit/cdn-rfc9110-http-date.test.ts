// RFC 9110 §5.6.7 HTTP-date parsing, exactly the three forms, and what an invalid date means to the cache: an invalid
// Expires is already expired (RFC 9111 §5.3), an invalid If-Modified-Since is ignored (RFC 9110 §13.1.3).
import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../targets/cdn/http-date.ts';
import { T0, tierHarness } from '../fixtures/cdn-tier.ts';

const SUNDAY = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('RFC 9110 §5.6.7 HTTP-date: the three forms', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
    ['asctime, two-digit day', 'Sun Nov 16 08:49:37 1994'],
  ])('accepts %s: %s', (_form, v) => {
    const want = v.includes('16') ? SUNDAY + 10 * 86_400_000 : SUNDAY;
    expect(parseHttpDate(v)).toBe(want);
  });

  it('reads a two-digit RFC 850 year more than 50 years ahead as the most recent past year with those digits', () => {
    const now = new Date().getUTCFullYear();
    const at = (year: number) => `Monday, 01-Jan-${String(year % 100).padStart(2, '0')} 00:00:00 GMT`;
    expect(new Date(parseHttpDate(at(now + 1))!).getUTCFullYear()).toBe(now + 1);
    expect(new Date(parseHttpDate(at(now + 51))!).getUTCFullYear()).toBe(now + 51 - 100);
  });

  it.each([
    ['UTC instead of GMT', 'Sun, 06 Nov 1994 08:49:37 UTC'],
    ['no zone', 'Sun, 06 Nov 1994 08:49:37'],
    ['lower-case gmt', 'Sun, 06 Nov 1994 08:49:37 gmt'],
    ['missing comma', 'Sun 06 Nov 1994 08:49:37 GMT'],
    ['doubled space', 'Sun, 06 Nov 1994  08:49:37 GMT'],
    ['doubled space after the comma', 'Sun,  06 Nov 1994 08:49:37 GMT'],
    ['dashes in an IMF-fixdate', 'Sun, 06-Nov-1994 08:49:37 GMT'],
    ['one-digit hour', 'Sun, 06 Nov 1994 8:49:37 GMT'],
    ['one-digit day', 'Sun, 6 Nov 1994 08:49:37 GMT'],
    ['two-digit year in IMF-fixdate', 'Sun, 06 Nov 94 08:49:37 GMT'],
    ['full day name in IMF-fixdate', 'Sunday, 06 Nov 1994 08:49:37 GMT'],
    ['short day name in RFC 850', 'Sun, 06-Nov-94 08:49:37 GMT'],
    ['four-digit year in RFC 850', 'Sunday, 06-Nov-1994 08:49:37 GMT'],
    ['asctime with GMT', 'Sun Nov  6 08:49:37 1994 GMT'],
    ['unknown month', 'Sun, 06 Nox 1994 08:49:37 GMT'],
    ['lower-case month', 'Sun, 06 nov 1994 08:49:37 GMT'],
    ['hour 24', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['minute 60', 'Sun, 06 Nov 1994 08:60:00 GMT'],
    ['30 February', 'Wed, 30 Feb 1994 08:49:37 GMT'],
    ['numeric offset', 'Sun, 06 Nov 1994 08:49:37 +0000'],
    ['trailing text', 'Sun, 06 Nov 1994 08:49:37 GMT extra'],
    ['ISO 8601', '1994-11-06T08:49:37Z'],
    ['a number', '0'],
    ['empty', ''],
  ])('rejects %s: %j', (_why, v) => {
    expect(parseHttpDate(v)).toBeUndefined();
  });

  it('rejects a field repeated on several lines, even with equal values', () => {
    expect(parseHttpDate(['Sun, 06 Nov 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT'])).toBeUndefined();
    expect(parseHttpDate(['Sun, 06 Nov 1994 08:49:37 GMT'])).toBe(SUNDAY);
  });
});

/** Stores with the given response headers, waits `afterS`, asks again: was the second answer from the store? */
async function reusedAfter(headers: Record<string, string | string[]>, afterS: number): Promise<boolean> {
  const h = tierHarness(() => ({ headers }));
  await h.get('/r');
  h.advance(afterS);
  await h.get('/r');
  return h.calls.length === 1;
}

describe('RFC 9111 §5.3 an invalid Expires means already expired', () => {
  const future = new Date(T0 + 3600_000);
  const imf = future.toUTCString(); // e.g. "Tue, 01 Jan 2030 13:00:00 GMT"
  const [dayName, day, month, year, time] = imf.replace(',', '').split(' ');

  it('given a valid future Expires (each form), then the response is reused', async () => {
    expect(await reusedAfter({ expires: imf }, 10)).toBe(true);
    const asctime = `${dayName} ${month} ${day.replace(/^0/, ' ')} ${time} ${year}`;
    expect(await reusedAfter({ expires: asctime }, 10)).toBe(true);
  });

  it.each([
    ['UTC instead of GMT', imf.replace('GMT', 'UTC')],
    ['missing comma', imf.replace(',', '')],
    ['doubled space', imf.replace(` ${time}`, `  ${time}`)],
    ['dashes in the date', `${dayName}, ${day}-${month}-${year} ${time} GMT`],
    ['one-digit hour', new Date(T0 + 21 * 3600_000).toUTCString().replace(' 09:', ' 9:')],
  ])('given a future Expires with %s, then it is not reused', async (_why, expires) => {
    expect(await reusedAfter({ expires }, 10)).toBe(false);
  });

  it('given Expires on two field lines, then it is not reused', async () => {
    expect(await reusedAfter({ expires: [imf, imf] }, 10)).toBe(false);
  });
});

describe('RFC 9110 §13.1.3 If-Modified-Since with an invalid date is ignored', () => {
  it('given If-Modified-Since in a non-HTTP-date form, then the full stored response is served', async () => {
    const lm = 'Sat, 01 Jan 2000 00:00:00 GMT';
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=600', 'last-modified': lm }, body: 'x' }));
    await h.get('/c');
    expect((await h.get('/c', { 'if-modified-since': lm })).status).toBe(304);
    expect((await h.get('/c', { 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 UTC' })).status).toBe(200);
    expect((await h.get('/c', { 'if-modified-since': '2000-01-01T00:00:00Z' })).status).toBe(200);
  });
});

describe('RFC 9111 §4.2.3 an invalid Date does not count towards the age', () => {
  it('given Date in a loose form 20 s in the past and max-age=10, then the date is ignored and the response is fresh', async () => {
    const h = tierHarness(() => ({ headers: { 'cache-control': 'max-age=10', date: new Date(h.now() - 20_000).toUTCString().replace('GMT', 'UTC') } }));
    await h.get('/d');
    await h.get('/d');
    expect(h.calls).toHaveLength(1);
  });
});
