// The hit path's look at a request: one pass over rawHeaders for the few fields that matter, so a hit never builds
// node's lower-cased `req.headers` object (it is built lazily, on first access, only when a request needs it).

/** Request fields that send a GET/HEAD past the hit path, as bits. */
export const CACHE_CONTROL = 1;
export const PRAGMA = 2;
export const IF_NONE_MATCH = 4;
export const IF_MODIFIED_SINCE = 8;
export const RANGE = 16;
export const IF_MATCH = 32;
export const IF_UNMODIFIED_SINCE = 64;
export const ALL_DECLINING = CACHE_CONTROL | PRAGMA | IF_NONE_MATCH | IF_MODIFIED_SINCE | RANGE | IF_MATCH | IF_UNMODIFIED_SINCE;

export interface Scan {
  /** Bits of the declining fields present. */
  fields: number;
  /** The x-client-region value; undefined when absent or on several lines (then no region is known). */
  region: string | undefined;
}

const is = (raw: string, lower: string): boolean => raw === lower || raw.toLowerCase() === lower;

/** Scans rawHeaders ([name, value, name, value, …]) into `out` (reused: the hit path allocates nothing). */
export function scanRequest(raw: string[], regionHeader: string, out: Scan): Scan {
  let fields = 0;
  let region: string | undefined;
  let regions = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    switch (name.length) {
      case 5:
        if (is(name, 'range')) fields |= RANGE;
        break;
      case 6:
        if (is(name, 'pragma')) fields |= PRAGMA;
        break;
      case 8:
        if (is(name, 'if-match')) fields |= IF_MATCH;
        break;
      case 13:
        if (is(name, 'cache-control')) fields |= CACHE_CONTROL;
        else if (is(name, 'if-none-match')) fields |= IF_NONE_MATCH;
        break;
      case 17:
        if (is(name, 'if-modified-since')) fields |= IF_MODIFIED_SINCE;
        break;
      case 19:
        if (is(name, 'if-unmodified-since')) fields |= IF_UNMODIFIED_SINCE;
        break;
      default:
        break;
    }
    if (name.length === regionHeader.length && is(name, regionHeader)) {
      region = raw[i + 1];
      regions++;
    }
  }
  out.fields = fields;
  out.region = regions === 1 ? region : undefined;
  return out;
}
