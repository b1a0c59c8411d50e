// Emulated round-trip times by name: one value for all ("20"), or per name with an optional default ("eu=5,us=40,*=10").

export interface RttTable {
  /** Used for names without their own value. */
  fallback: number;
  byName: Record<string, number>;
}

export const NO_RTT: RttTable = Object.freeze({ fallback: 0, byName: Object.freeze({}) as Record<string, number> });

export function rttFor(t: RttTable, name: string): number {
  return t.byName[name] ?? t.fallback;
}

/** Parses "20" or "eu=5,us=40[,*=10]"; returns an error message instead of throwing. */
export function parseRttTable(text: string): RttTable | string {
  const s = text.trim();
  const ms = (v: string): number | null => (/^\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : null);
  if (!s.includes('=')) {
    const n = ms(s);
    return n === null ? `'${text}' is not a number of milliseconds` : { fallback: n, byName: {} };
  }
  const t: RttTable = { fallback: 0, byName: {} };
  for (const part of s.split(',')) {
    const [name, value, extra] = part.split('=');
    const n = value === undefined ? null : ms(value);
    if (!name?.trim() || n === null || extra !== undefined) return `'${part}' must look like name=milliseconds`;
    if (name.trim() === '*') t.fallback = n;
    else t.byName[name.trim()] = n;
  }
  return t;
}

export function formatRttTable(t: RttTable): string {
  const parts = Object.entries(t.byName).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? `${t.fallback}` : [...parts, `*=${t.fallback}`].join(' ');
}
