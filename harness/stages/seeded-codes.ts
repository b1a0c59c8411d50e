// The codes of seeded links (ids first..last) in a seeded random popularity order, computed without the DB.
import { encodeId, DEFAULT_CODE_KEY } from '../../targets/app/codegen.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';

export function seededCodes(first: number, last: number, seed: number, codeKey = DEFAULT_CODE_KEY): string[] {
  const n = last - first + 1;
  const codes = new Array<string>(n);
  for (let i = 0; i < n; i++) codes[i] = encodeId(first + i, codeKey);
  // Fisher–Yates with the workload seed: which link is hottest does not follow creation order.
  const rnd = mulberry32((seed ^ 0x5eed) >>> 0);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = codes[i];
    codes[i] = codes[j];
    codes[j] = t;
  }
  return codes;
}
