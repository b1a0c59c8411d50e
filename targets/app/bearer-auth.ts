// Admin token check for DELETE: parses `Authorization: Bearer <token>` and compares in constant time.
// Both sides are hashed first so timingSafeEqual sees equal lengths and the token's length does not leak.
import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerVerdict = 'ok' | 'missing' | 'wrong' | 'disabled';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** 'missing': no usable Bearer credentials (401); 'wrong': bad token (403); 'disabled': no token configured (403). */
export function checkBearer(authorization: string | undefined, adminToken: string | undefined): BearerVerdict {
  if (adminToken === undefined) return 'disabled';
  if (authorization === undefined) return 'missing';
  const m = BEARER.exec(authorization);
  if (m === null) return 'missing';
  return timingSafeEqual(digest(m[1]), digest(adminToken)) ? 'ok' : 'wrong';
}
