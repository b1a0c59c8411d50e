// Cache-Control / Surrogate-Control list parser (RFC 9111 §5.2): quoted strings, case-insensitive names, first occurrence wins.

/** Directive name (lower-case) → its argument (quotes removed) or `true` when it has none. */
export type DirectiveMap = Map<string, string | true>;

// token = 1*tchar (RFC 9110 §5.6.2); an element is `token [ "=" ( token / quoted-string ) ]`, no spaces around "=".
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits a comma-separated field value into trimmed elements, keeping commas inside quoted strings. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 44 /* , */) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((e) => e.length > 0);
}

function unquote(s: string): string | null {
  if (s.length < 2 || s[s.length - 1] !== '"') return null;
  let out = '';
  for (let i = 1; i < s.length - 1; i++) {
    const ch = s[i];
    if (ch === '\\') {
      i++;
      if (i >= s.length - 1) return null;
      out += s[i];
    } else if (ch === '"') return null;
    else out += ch;
  }
  return out;
}

/**
 * Parses one or more field lines (joined with ", " or given as an array). Malformed elements (e.g. `max-age =5`,
 * `max-age='5'` is kept as a token value and rejected later as an invalid number) are ignored; a repeated directive
 * keeps its first value (RFC 9111 §4.2.1: "either the first occurrence should be used or the response considered stale").
 */
export function parseCacheControl(field: string | string[] | undefined): DirectiveMap {
  const map: DirectiveMap = new Map();
  if (field === undefined) return map;
  const value = Array.isArray(field) ? field.join(', ') : field;
  for (const element of splitList(value)) {
    const eq = element.indexOf('=');
    const name = (eq < 0 ? element : element.slice(0, eq)).toLowerCase();
    if (!TOKEN.test(name) || map.has(name)) continue;
    if (eq < 0) {
      map.set(name, true);
      continue;
    }
    const raw = element.slice(eq + 1);
    if (raw.startsWith('"')) {
      const v = unquote(raw);
      if (v !== null) map.set(name, v);
    } else if (TOKEN.test(raw)) map.set(name, raw);
  }
  return map;
}

/** Largest delta-seconds a cache must handle; larger values are capped to it (RFC 9111 §1.2.2). */
export const DELTA_SECONDS_MAX = 2_147_483_648;

/**
 * delta-seconds (RFC 9111 §1.2.2): `undefined` when the directive is absent, `NaN` when present but not a non-negative
 * integer (`max-age`, `max-age=a1`, `max-age=1.5`, `max-age=-1`), else the value capped at 2^31.
 */
export function deltaSeconds(map: DirectiveMap, name: string): number | undefined {
  const v = map.get(name);
  if (v === undefined) return undefined;
  if (v === true || !/^[0-9]+$/.test(v)) return Number.NaN;
  const n = Number(v);
  return n > DELTA_SECONDS_MAX ? DELTA_SECONDS_MAX : n;
}

/** Field names of a qualified `no-cache="a, b"` / `private="a"` (lower-case), or [] when unqualified or absent. */
export function fieldNameList(map: DirectiveMap, name: string): string[] {
  const v = map.get(name);
  if (v === undefined || v === true) return [];
  return v.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
}
