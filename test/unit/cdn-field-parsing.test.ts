// Field parsers of the CDN: Cache-Control lists (RFC 9111 §5.2), Structured Field dictionaries (RFC 8941), HTTP-dates,
// entity-tags, sizes and RTT tables.
import { describe, expect, it } from 'vitest';
import { deltaSeconds, fieldNameList, parseCacheControl, splitList } from '../../targets/cdn/cache-control-parse.ts';
import { parseByteSize } from '../../targets/cdn/byte-size.ts';
import { parseHttpDate } from '../../targets/cdn/http-date.ts';
import { cdnCacheControlMap, responseDirectives } from '../../targets/cdn/response-directives.ts';
import { requestDirectives } from '../../targets/cdn/request-directives.ts';
import { parseRttTable, rttFor } from '../../targets/cdn/rtt-table.ts';
import { parseDictionary } from '../../targets/cdn/structured-dictionary.ts';
import { ifNoneMatchHits, opaqueTag } from '../../targets/cdn/validators.ts';

describe('Cache-Control list parsing (RFC 9111 §5.2)', () => {
  it('keeps commas inside quoted strings and lower-cases names; the first occurrence wins', () => {
    const m = parseCacheControl(['No-Cache="a, b", MAX-AGE=5', 'max-age=9, private']);
    expect([...m]).toEqual([['no-cache', 'a, b'], ['max-age', '5'], ['private', true]]);
    expect(fieldNameList(m, 'no-cache')).toEqual(['a', 'b']);
    expect(splitList('a, "b,c" ,, d')).toEqual(['a', '"b,c"', 'd']);
  });

  it('ignores malformed elements and marks invalid delta-seconds as NaN', () => {
    const m = parseCacheControl('max-age =5, s-maxage=x1, stale-if-error="60", public');
    expect(m.has('max-age')).toBe(false);
    expect(deltaSeconds(m, 's-maxage')).toBeNaN();
    expect(deltaSeconds(m, 'stale-if-error')).toBe(60);
    expect(deltaSeconds(m, 'max-age')).toBeUndefined();
    expect(deltaSeconds(parseCacheControl('max-age=99999999999'), 'max-age')).toBe(2 ** 31);
  });

  it('request directives: max-stale without a value is unbounded; Pragma: no-cache only without Cache-Control', () => {
    expect(requestDirectives({ 'cache-control': 'max-stale' }).maxStale).toBe(Infinity);
    expect(requestDirectives({ pragma: 'no-cache' }).noCache).toBe(true);
    expect(requestDirectives({ pragma: 'no-cache', 'cache-control': 'max-age=5' }).noCache).toBe(false);
  });
});

describe('Structured Field dictionary (RFC 8941) for CDN-Cache-Control (RFC 9213)', () => {
  it('parses integers, booleans, strings, tokens, inner lists and parameters', () => {
    const d = parseDictionary('max-age=60, no-store, a="x", b=tok;p=1, c=(1 2), d=?0, e=1.5');
    expect(d).not.toBeNull();
    expect(d!.get('max-age')).toMatchObject({ value: 60, integer: true });
    expect(d!.get('no-store')!.value).toBe(true);
    expect(d!.get('a')!.value).toBe('x');
    expect(d!.get('b')!.params.get('p')).toBe(1);
    expect(d!.get('c')!.value).toEqual([1, 2]);
    expect(d!.get('d')!.value).toBe(false);
    expect(d!.get('e')).toMatchObject({ value: 1.5, integer: false });
  });

  it('rejects invalid syntax as a whole', () => {
    for (const bad of ['max-age=60, &&&', 'Max-Age=60', 'a=', 'a=1,', 'a="unterminated', 'a=1 b=2']) expect(parseDictionary(bad), bad).toBeNull();
  });

  it('maps to directives, rejecting wrong types for known directives', () => {
    expect(cdnCacheControlMap('max-age="60"')).toBeNull();
    expect(cdnCacheControlMap('no-store=1')).toBeNull();
    expect([...cdnCacheControlMap('max-age=60, unknown="x", private')!]).toEqual([['max-age', '60'], ['private', true]]);
    expect(responseDirectives({ 'cdn-cache-control': 'max-age=5', 'cache-control': 'no-store' })).toMatchObject({ source: 'cdn-cache-control', maxAge: 5, noStore: false });
    expect(responseDirectives({ 'cdn-cache-control': 'max-age="5"', 'cache-control': 'no-store' })).toMatchObject({ source: 'cache-control', noStore: true });
  });
});

describe('small parsers', () => {
  it('HTTP-date: the three RFC 9110 forms; "0" and garbage are invalid', () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBeDefined();
    expect(parseHttpDate('0')).toBeUndefined();
    expect(parseHttpDate('-1')).toBeUndefined();
  });

  it('entity-tags: weak comparison, tolerant of unquoted and lower-case weak tags', () => {
    expect(opaqueTag('W/"x"')).toBe('x');
    expect(opaqueTag('w/"x"')).toBe('x');
    expect(ifNoneMatchHits('"a", W/"b"', '"b"')).toBe(true);
    expect(ifNoneMatchHits('abcdef', '"abcdef"')).toBe(true);
    expect(ifNoneMatchHits('"a"', '"b"')).toBe(false);
  });

  it('sizes in binary units and RTT tables', () => {
    expect(parseByteSize('64mb')).toBe(64 * 1024 * 1024);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('lots')).toBeNull();
    const t = parseRttTable('eu=5,us=40,*=10');
    expect(typeof t).toBe('object');
    expect([rttFor(t as never, 'eu'), rttFor(t as never, 'xx')]).toEqual([5, 10]);
    expect(parseRttTable('20')).toEqual({ fallback: 20, byName: {} });
    expect(typeof parseRttTable('eu=fast')).toBe('string');
  });
});
