// Experiment shield: the CDN's origin shield on or off, three PoPs (eu, us, ap). Stage 4, unconstrained (--machine-cpu none:
// origin requests per request are counts, the miss latency is set by emulated distances). Without the shield each PoP
// fetches from the origin itself over the distance the shield would have split (edge→shield + shield→origin), so only
// the shield's caching differs. The PoP miss latency is the mean wall time of a PoP's fetch upstream (to the shield or the
// origin), measured in the CDN (scaleladder_cdn_upstream_fetch_ms_total ÷ upstream_fetches_timed_total, edge tier).
import { compareArms, comparisonStats } from './experiment-stats.ts';
import { EDGE_BASE, figure, noisyArms } from './edge-readers.ts';
import type { Experiment } from './experiment-types.ts';

export const shield: Experiment = {
  name: 'shield',
  claimId: 'origin-shield-collapses-misses',
  question: 'Does an origin shield collapse the misses of several PoPs into one origin request per object?',
  base: {
    ...EDGE_BASE,
    workload: { unknownShare: 0, regions: { eu: 1, us: 1, ap: 1 } },
  },
  arms: [
    { name: 'shield-on', label: '3 PoPs → shield → origin', overrides: { topology: { cdnShield: true } } },
    { name: 'shield-off', label: '3 PoPs → origin', overrides: { topology: { cdnShield: false } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'originPerRequest', label: 'origin requests ÷ request', unit: 'ratio', better: 'lower', read: (r) => figure(r, 'originRequestsPerRequest') },
    { key: 'popMissLatencyMs', label: 'PoP miss latency ms (mean)', unit: 'ms', better: 'lower', read: (r) => figure(r, 'popMissLatencyMs') },
    { key: 'cdnHitRatio', label: 'edge hit ratio', unit: 'fraction', better: 'higher', read: (r) => figure(r, 'cdnHitRatio') },
  ],
  verdict(arms) {
    const on = arms.find((a) => a.arm === 'shield-on')?.values;
    const off = arms.find((a) => a.arm === 'shield-off')?.values;
    if (!on?.originPerRequest?.length || !off?.originPerRequest?.length) return { outcome: 'inconclusive', summary: 'an arm has no CDN figures', statistics: {} };
    const c = compareArms(off.originPerRequest, on.originPerRequest);
    const miss = on.popMissLatencyMs?.length && off.popMissLatencyMs?.length ? compareArms(off.popMissLatencyMs, on.popMissLatencyMs) : undefined;
    const statistics = { ...comparisonStats('originPerRequest', c), ...(miss ? comparisonStats('popMissMs', miss) : {}) };
    // The verdict is about origin requests (counts); the miss latency beside it is only as good as the machine was quiet.
    const noisy = noisyArms(arms).length > 0;
    const missLine = miss ? `; PoP miss latency ${miss.medianA.toFixed(1)} ms without, ${miss.medianB.toFixed(1)} ms with the shield${noisy ? ' (noisy machine: latency not trusted)' : ''}` : '';
    const line = `origin requests per request ${c.medianA.toFixed(3)} without the shield, ${c.medianB.toFixed(3)} with it (÷${c.ratio.toFixed(2)})${missLine}`;
    // Three PoPs miss a hot object up to three times without a shield, a cold one once either way: 1/6 fewer origin
    // requests (÷1.2) with runs that do not overlap confirms; under 5 % contradicts.
    if (c.ratio >= 1.2 && (c.separated || (c.p !== null && c.p < 0.1))) return { outcome: 'confirms', summary: line, statistics };
    if (c.ratio < 1.05) return { outcome: 'contradicts', summary: line, statistics };
    return { outcome: 'inconclusive', summary: line, statistics };
  },
  notes: [
    'unconstrained (--machine-cpu none): counts and emulated distances',
    'regions eu, us, ap in equal shares, one PoP each; without the shield each PoP is edge→shield + 2 ms from the origin (eu 22, us 7, ap 42 ms)',
  ],
};
