// Clicks made vs clicks recorded over a whole run: the generator counts every redirect it got (a click acknowledged to a
// user), the SQLite file(s) say how many clicks were stored once every process has stopped (stages/sqlite-clicks.ts).
// The difference is what a crash (kill-app) or a cache in front lost.
import type { Driver } from '../drivers/driver-types.ts';
import type { ClickLedger } from '../results/result-types.ts';

/** Counts the redirects (301/302) of every step a driver runs: calibration, warm-up, tiers. */
export class RedirectTally {
  redirects = 0;
  /** Steps whose first seconds were driven but not measured (knee probes): their clicks are not in `redirects`. */
  unmeasuredSeconds = 0;

  wrap(driver: Driver): Driver {
    return {
      name: driver.name,
      runStep: async (spec) => {
        const m = await driver.runStep(spec);
        this.redirects += (m.statusCounts['302'] ?? 0) + (m.statusCounts['301'] ?? 0);
        this.unmeasuredSeconds += spec.discardFirstS ?? 0;
        return m;
      },
    };
  }
}

/** The ledger of a run, given the clicks stored at boot and after every process stopped; notes say what it cannot see. */
export function clickLedger(tally: RedirectTally, atBoot: number, afterRun: number, opts: { cdn: boolean; killed: boolean }): ClickLedger {
  const recorded = afterRun - atBoot;
  const lost = tally.redirects - recorded;
  const notes: string[] = [];
  if (tally.unmeasuredSeconds > 0) notes.push(`${tally.unmeasuredSeconds} s of knee probes were driven but not counted: their clicks are recorded, not made (lost reads low)`);
  if (opts.cdn) notes.push('a CDN is in front: redirects it answered from its cache never reached an app and count as lost');
  if (lost < 0) notes.push('more clicks recorded than acknowledged: a request the balancer retried on another app after its first app counted it, or one answered after the generator gave up');
  return {
    made: tally.redirects,
    recorded,
    lost,
    lostShare: tally.redirects > 0 ? Math.round((lost / tally.redirects) * 1e6) / 1e6 : 0,
    exact: tally.unmeasuredSeconds === 0 && !opts.cdn,
    ...(opts.killed ? { afterKill: true } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}
