// Samples the harness's own request mix and counts the share of link reads that hit the hottest ranks.
import { RequestMix } from '../../../loadtests/workload/request-mix.ts';
import type { WorkloadConfig } from '../../../loadtests/workload/workload-config.ts';
import { topCount } from '../formulas/zipf-share.ts';

export interface ZipfShareMeasurement {
  links: number;
  skew: number;
  /** Link reads (redirects and metadata) counted; creates and unknown codes are not cache candidates. */
  reads: number;
  /** topFraction (as a string key, e.g. "0.01") → share of reads that went to those ranks. */
  shares: Record<string, number>;
}

export function measureZipfShare(workload: WorkloadConfig, fractions: number[], requests = 200_000): ZipfShareMeasurement {
  const n = workload.seededLinks;
  const codes = Array.from({ length: n }, (_, i) => `r${i + 1}`);
  const mix = new RequestMix(workload, codes);
  const cutoffs = fractions.map((f) => topCount(n, f));
  const hits = new Array<number>(fractions.length).fill(0);
  let reads = 0;
  for (let i = 0; i < requests; i++) {
    const r = mix.next();
    if (r.rank === 0) continue;
    reads++;
    for (let j = 0; j < cutoffs.length; j++) if (r.rank <= cutoffs[j]) hits[j]++;
  }
  const shares: Record<string, number> = {};
  fractions.forEach((f, j) => (shares[String(f)] = reads > 0 ? hits[j] / reads : 0));
  return { links: n, skew: workload.zipfSkew, reads, shares };
}
