// Experiment redirect-status: 301 vs 302 with emulated users whose browsers cache. Stage 4 (CDN in front), unconstrained
// (--machine-cpu none: the metrics are counts per click, not capacity). 50 users click a Zipf mix of 2,000 links about 30
// times each, so they click some links more than once. Each user's browser cache decides with http-cache-semantics (RFC
// 9111, private cache; harness/drivers/open-model/browser-cache.ts) plus the browsers' one convention on top: a 301 that
// states no freshness is kept for good. The apps send the status alone (no Cache-Control), as the seed frames the choice;
// a third arm is a 302 with the stage's own split TTLs (browser 60 s, CDN 1 h) to show what Cache-Control does instead.
// Clicks recorded = redirects the apps answered (each counts a click); clicks made = the users' clicks, browser-served ones too.
import { STAGE4_REDIRECT_CACHE_CONTROL } from '../stages/cdn-front.ts';
import type { StepFigureName } from '../measure/step-figures.ts';
import type { RunResult } from '../results/result-types.ts';
import { compareArms, comparisonStats } from './experiment-stats.ts';
import { round3 } from './experiment-series.ts';
import { EDGE_BASE, figure, measuredStep } from './edge-readers.ts';
import type { ArmValues, Experiment } from './experiment-types.ts';

const clicks = (r: RunResult): number | null => measuredStep(r)?.clientCache?.clicks ?? null;

/** figure ÷ clicks made, or null without clicks. */
function perClick(r: RunResult, key: StepFigureName): number | null {
  const c = clicks(r);
  const v = figure(r, key);
  return c && v !== null ? round3(v / c) : null;
}

const arm = (arms: ArmValues[], name: string) => arms.find((a) => a.arm === name);

export const redirectStatus: Experiment = {
  name: 'redirect-status',
  claimId: 'redirect-301-loses-clicks',
  question: 'Does a 301 let browsers keep the redirect, so repeated clicks never reach the servers and go unrecorded, while a 302 records every click?',
  base: {
    ...EDGE_BASE,
    rate: 100,
    // Clicks only (no creates, no unknown codes): every request is a user's click on a seeded link.
    workload: { users: 50, unknownShare: 0, readWriteRatio: 1_000_000 },
    topology: { redirectCacheControl: '' },
  },
  arms: [
    { name: '302', label: '302, no Cache-Control', overrides: { topology: { redirectStatus: 302 } } },
    { name: '301', label: '301, no Cache-Control', overrides: { topology: { redirectStatus: 301 } } },
    { name: '302-split-ttl', label: `302 + ${STAGE4_REDIRECT_CACHE_CONTROL}`, overrides: { topology: { redirectStatus: 302, redirectCacheControl: STAGE4_REDIRECT_CACHE_CONTROL } } },
  ],
  repeats: 1,
  metrics: [
    { key: 'recordedPerClick', label: 'clicks recorded ÷ made', unit: 'ratio', better: 'higher', read: (r) => perClick(r, 'redirects') },
    { key: 'edgePerClick', label: 'edge requests ÷ click', unit: 'ratio', better: 'lower', read: (r) => perClick(r, 'cdnRequests') },
    { key: 'originPerClick', label: 'origin requests ÷ click', unit: 'ratio', better: 'lower', read: (r) => perClick(r, 'cdnOriginRequests') },
    {
      key: 'browserServed',
      label: 'clicks served by the browser',
      unit: 'fraction',
      read: (r) => {
        const c = measuredStep(r)?.clientCache;
        return c && c.clicks > 0 ? round3(c.browserHits / c.clicks) : null;
      },
    },
    { key: 'clicksMade', label: 'clicks made', unit: 'count', read: clicks },
  ],
  verdict(arms) {
    const a302 = arm(arms, '302');
    const a301 = arm(arms, '301');
    const rec302 = a302?.values.recordedPerClick ?? [];
    const rec301 = a301?.values.recordedPerClick ?? [];
    if (!rec302.length || !rec301.length) return { outcome: 'inconclusive', summary: 'an arm has no measured clicks', statistics: {} };
    const c = compareArms(rec302, rec301);
    const lost = 1 - c.medianB / Math.max(c.medianA, 1e-9);
    const split = arm(arms, '302-split-ttl')?.values.recordedPerClick ?? [];
    const statistics = {
      ...comparisonStats('recorded', c),
      clicksLostBy301: round3(lost) ?? 0,
      ...(split.length ? { recordedPerClick302SplitTtl: round3(split[0]) ?? 0 } : {}),
    };
    const fmt = (v: number) => v.toFixed(3);
    const tail = split.length ? `; a 302 with the stage's split TTLs records ${fmt(split[0])} (Cache-Control, not the status, decides there)` : '';
    // The claim holds when the 302 records (nearly) every click and the 301 clearly fewer.
    if (c.medianA >= 0.95 && lost >= 0.05) {
      return { outcome: 'confirms', summary: `302 records ${fmt(c.medianA)} of clicks, 301 ${fmt(c.medianB)}: the 301 loses ${(lost * 100).toFixed(0)} % to browser caches${tail}`, statistics };
    }
    if (lost < 0.02) {
      return { outcome: 'contradicts', summary: `301 records as many clicks as 302 (${fmt(c.medianB)} vs ${fmt(c.medianA)})${tail}`, statistics };
    }
    return { outcome: 'inconclusive', summary: `302 records ${fmt(c.medianA)} of clicks, 301 ${fmt(c.medianB)}${tail}`, statistics };
  },
  notes: [
    'unconstrained (--machine-cpu none): the metrics are per-click counts',
    '50 emulated users, one browser cache each (http-cache-semantics, private; a 301 without freshness kept for good); caches start empty each step',
    'apps send no Cache-Control in the 301 and 302 arms (the status alone); the third arm sends the stage-4 split TTLs',
  ],
};
