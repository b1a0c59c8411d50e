// A stable, fast 32-bit string hash (FNV-1a over UTF-8, then the murmur3 finalizer) shared by every placement.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of `text`. Same input → same output on every machine and run. */
export function fnv1a32(text: string): number {
  // ASCII (every short code, every ring point label) is its own UTF-8: hash the char codes without encoding.
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return fnv1a32Bytes(encoder.encode(text));
    h ^= c;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

function fnv1a32Bytes(bytes: Uint8Array): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The murmur3 32-bit finalizer: spreads FNV's weak low-bit avalanche over all 32 bits (needed for ring points like "app-1#17"). */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The hash every placement in scaleladder uses: an unsigned 32-bit integer. */
export function stableHash32(text: string): number {
  return fmix32(fnv1a32(text));
}
