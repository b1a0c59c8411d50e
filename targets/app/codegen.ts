// Short codes: a positive id run through a keyed Feistel permutation over 41 bits, then base62 in exactly 7 chars.
// Why: sequential ids stay compact and collision-free, yet neighbouring links do not get guessable neighbouring codes.

/** Every generated code is exactly this long (62^7 ≈ 3.5e12 > 2^41). */
export const CODE_LENGTH = 7;
/** Width of the permuted id space. */
export const ID_BITS = 41;
/** Largest id that has a code: 2^41 - 1. Ids start at 1, like SQLite rowids. */
export const MAX_ID = 2 ** ID_BITS - 1;
/**
 * Default permutation key. The harness derives seeded codes from ids with it, so a DB seeded
 * with one key must be served with the same key (the store checks this).
 */
export const DEFAULT_CODE_KEY = 0x5ca1e1ad;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

const HIGH_BITS = 21; // left half of the unbalanced Feistel network
const LOW_BITS = 20; // right half; the widths swap every round and come back after an even count
const LOW_SPAN = 2 ** LOW_BITS;
const ROUNDS = 6;
const CUSTOM_CODE = /^[A-Za-z0-9_-]{3,32}$/;

/** 32-bit finalizer (murmur3 fmix32): the round function's mixer. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

let cachedKey = NaN;
let cachedRoundKeys = new Uint32Array(ROUNDS);

function roundKeys(key: number): Uint32Array {
  if (key === cachedKey) return cachedRoundKeys;
  if (!Number.isSafeInteger(key) || key < 0) {
    throw new RangeError(`code key must be a non-negative safe integer, got ${key}`);
  }
  const lo = key >>> 0;
  const hi = Math.floor(key / 2 ** 32) >>> 0;
  const keys = new Uint32Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) keys[i] = mix32(lo ^ mix32(hi ^ Math.imul(i + 1, 0x9e3779b9)));
  cachedKey = key;
  cachedRoundKeys = keys;
  return keys;
}

function roundFn(half: number, roundKey: number, width: number): number {
  return mix32(half ^ roundKey) & ((1 << width) - 1);
}

/** The keyed permutation of [0, 2^41). */
function permute(x: number, keys: Uint32Array): number {
  let l = Math.floor(x / LOW_SPAN);
  let r = x % LOW_SPAN;
  let wl = HIGH_BITS;
  let wr = LOW_BITS;
  for (let i = 0; i < ROUNDS; i++) {
    const nr = (l ^ roundFn(r, keys[i], wl)) >>> 0;
    l = r;
    r = nr;
    const w = wl;
    wl = wr;
    wr = w;
  }
  return l * LOW_SPAN + r;
}

/** The inverse of `permute`. */
function unpermute(y: number, keys: Uint32Array): number {
  let l = Math.floor(y / LOW_SPAN);
  let r = y % LOW_SPAN;
  let wl = HIGH_BITS;
  let wr = LOW_BITS;
  for (let i = ROUNDS - 1; i >= 0; i--) {
    const pl = (r ^ roundFn(l, keys[i], wr)) >>> 0;
    r = l;
    l = pl;
    const w = wl;
    wl = wr;
    wr = w;
  }
  return l * LOW_SPAN + r;
}

/** The 7-character code of an id (1 ≤ id ≤ MAX_ID). Throws RangeError outside that range. */
export function encodeId(id: number, key: number = DEFAULT_CODE_KEY): string {
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) {
    throw new RangeError(`id must be an integer between 1 and ${MAX_ID}, got ${id}`);
  }
  let v = permute(id, roundKeys(key));
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) {
    const d = v % 62;
    out = ALPHABET[d] + out;
    v = (v - d) / 62;
  }
  return out;
}

/** The id a generated code stands for, or null when `code` is not a code `encodeId` can produce. */
export function decodeCode(code: unknown, key: number = DEFAULT_CODE_KEY): number | null {
  if (typeof code !== 'string' || code.length !== CODE_LENGTH) return null;
  let v = 0;
  for (let i = 0; i < CODE_LENGTH; i++) {
    const c = code.charCodeAt(i);
    const d = c < 128 ? DIGIT[c] : -1;
    if (d < 0) return null;
    v = v * 62 + d;
  }
  if (v > MAX_ID) return null;
  const id = unpermute(v, roundKeys(key));
  return id === 0 ? null : id;
}

/** Charset and length rule for custom codes: 3..32 characters of [A-Za-z0-9_-]. */
export function isValidCode(code: unknown): code is string {
  return typeof code === 'string' && CUSTOM_CODE.test(code);
}

/** True when `code` has the shape of a generated code (7 base62 characters); such custom codes are refused. */
export function hasGeneratedShape(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  for (let i = 0; i < CODE_LENGTH; i++) {
    const c = code.charCodeAt(i);
    if (c >= 128 || DIGIT[c] < 0) return false;
  }
  return true;
}
