// "Top X % of links get Y % of traffic": the share under the harness's configured Zipf workload, and the skew Y % needs.
import { formatValue, sig } from '../../render/format-units.ts';
import { num } from './formula-inputs.ts';
import type { Formula } from './formula-types.ts';
import { skewForShare, topCount, topShare } from './zipf-share.ts';

export const zipfTopShareFormula: Formula = (claim, ctx) => {
  const fraction = num(claim, 'topFraction');
  const n = ctx.workload.seededLinks;
  const s = ctx.workload.zipfSkew;
  const m = topCount(n, fraction);
  const value = topShare(n, s, m);
  const stated = claim.stated.value;
  const details: Record<string, unknown> = { links: n, skew: s, topRanks: m };
  let needs = '';
  if (stated !== null) {
    const skewHere = skewForShare(n, fraction, stated);
    details.skewNeeded = skewHere;
    needs = `; ${formatValue(stated, 'fraction')} needs s ≈ ${skewHere === null ? 'n/a' : sig(skewHere)}`;
    const daily = claim.inputs.dailyUrls;
    if (typeof daily === 'number' && daily > n) {
      const skewDaily = skewForShare(daily, fraction, stated);
      details.dailyUrls = daily;
      details.skewNeededAtDailyUrls = skewDaily;
      details.shareAtDailyUrls = topShare(daily, s, topCount(daily, fraction));
      needs += ` (over ${sig(daily)} daily URLs: s ≈ ${skewDaily === null ? 'n/a' : sig(skewDaily)}, and s = ${s} gives ${formatValue(details.shareAtDailyUrls as number, 'fraction')})`;
    }
  }
  return {
    value,
    unit: 'fraction',
    text: `Zipf s = ${s} over ${n.toLocaleString('en-US')} links: top ${m.toLocaleString('en-US')} get H(${m},s)/H(${n},s) = ${formatValue(value, 'fraction')}${needs}`,
    details,
    // The article states a property of real traffic; the workload's share informs, the measurement decides.
    checksStated: false,
  };
};
