// Experiment vary-trap: the apps' redirects with `Vary: User-Agent` (on) or without (off), clients sending a weighted spread
// of ten real User-Agent strings (loadtests/workload/user-agents.ts). Stage 4, unconstrained (--machine-cpu none: hit ratio
// and origin requests per request are counts, not capacity). The CDN keys each stored response by the Vary fields
// (RFC 9111 §4.1, targets/cdn/vary.ts), so with Vary every browser needs its own copy. Ten strings is a floor: real
// traffic has thousands (every version and device), which makes the trap worse than measured here.
import { compareArms, comparisonStats } from './experiment-stats.ts';
import { round3 } from './experiment-series.ts';
import { EDGE_BASE, figure } from './edge-readers.ts';
import type { Experiment } from './experiment-types.ts';

export const varyTrap: Experiment = {
  name: 'vary-trap',
  claimId: 'vary-user-agent-trap',
  question: 'Does Vary: User-Agent make the CDN keep a copy per browser, so its hit ratio collapses and the origin sees more requests?',
  base: {
    ...EDGE_BASE,
    workload: { userAgents: true, unknownShare: 0 },
  },
  arms: [
    { name: 'vary-off', label: 'no Vary', overrides: { topology: { varyUserAgent: false } } },
    { name: 'vary-on', label: 'Vary: User-Agent', overrides: { topology: { varyUserAgent: true } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'cdnHitRatio', label: 'CDN hit ratio', unit: 'fraction', better: 'higher', read: (r) => figure(r, 'cdnHitRatio') },
    { key: 'originPerRequest', label: 'origin requests ÷ request', unit: 'ratio', better: 'lower', read: (r) => figure(r, 'originRequestsPerRequest') },
    { key: 'cdnRequests', label: 'CDN requests', unit: 'count', read: (r) => figure(r, 'cdnRequests') },
  ],
  verdict(arms) {
    const off = arms.find((a) => a.arm === 'vary-off')?.values;
    const on = arms.find((a) => a.arm === 'vary-on')?.values;
    if (!off?.cdnHitRatio?.length || !on?.cdnHitRatio?.length || !off.originPerRequest?.length || !on.originPerRequest?.length) {
      return { outcome: 'inconclusive', summary: 'an arm has no CDN figures', statistics: {} };
    }
    const hit = compareArms(off.cdnHitRatio, on.cdnHitRatio);
    const origin = compareArms(on.originPerRequest, off.originPerRequest);
    const drop = hit.medianA - hit.medianB;
    const statistics = { ...comparisonStats('hitRatio', hit), ...comparisonStats('originPerRequest', origin), hitRatioDrop: round3(drop) ?? 0 };
    const line = `CDN hit ratio ${hit.medianA.toFixed(3)} without Vary, ${hit.medianB.toFixed(3)} with Vary: User-Agent; origin requests per request ${origin.medianB.toFixed(3)} → ${origin.medianA.toFixed(3)} (×${origin.ratio.toFixed(2)})`;
    // "Hit rates collapse": at least 10 points of hit ratio lost and 1.5× the origin requests.
    if (drop >= 0.1 && origin.ratio >= 1.5) return { outcome: 'confirms', summary: line, statistics };
    if (drop < 0.03 && origin.ratio < 1.1) return { outcome: 'contradicts', summary: line, statistics };
    return { outcome: 'inconclusive', summary: line, statistics };
  },
  notes: [
    'unconstrained (--machine-cpu none): hit ratio and origin requests per request are counts',
    'clients send one of 10 real User-Agent strings, weighted by rough browser share (a floor: real traffic has thousands)',
  ],
};
