// Secondary cache keys from Vary (RFC 9111 §4.1): which request fields select a stored response, normalised.
import { joined, type InHeaders } from './header-fields.ts';

/** The selecting fields of a stored response and the values the original request had for them. */
export interface VaryKey {
  names: string[];
  values: (string | undefined)[];
}

/** Field names listed by Vary (lower-case, deduplicated); '*' when it contains "*"; null when there is no Vary. */
export function varyNames(res: InHeaders): string[] | '*' | null {
  const v = joined(res, 'vary');
  if (v === undefined) return null;
  const names: string[] = [];
  for (const raw of v.split(',')) {
    const n = raw.trim().toLowerCase();
    if (n === '*') return '*';
    if (n && !names.includes(n)) names.push(n);
  }
  return names.length ? names : null;
}

/** Normalises a selecting field value: several lines combined, whitespace around list members removed (§4.1). */
export function normalizedValue(req: InHeaders, name: string): string | undefined {
  const v = joined(req, name);
  if (v === undefined) return undefined;
  return v.includes(',') ? v.split(',').map((s) => s.trim()).join(',') : v.trim();
}

export function varyKeyFor(names: string[], req: InHeaders): VaryKey {
  return { names, values: names.map((n) => normalizedValue(req, n)) };
}

/** True when the request presents the same selecting field values (absent matches absent only). */
export function varyMatches(key: VaryKey | null, req: InHeaders): boolean {
  if (key === null) return true;
  for (let i = 0; i < key.names.length; i++) if (normalizedValue(req, key.names[i]) !== key.values[i]) return false;
  return true;
}
