// `--target URL`: drives a deployment someone else started; nothing is booted, processes are not ours to account.
import { seededCodes } from './seeded-codes.ts';
import { appFigures, readAppCounters } from './app-metrics-reader.ts';
import type { BootedStage } from './stage-types.ts';

/** Codes are those of ids 1..seedLinks under the default code key (as `scaleladder up` seeds them). */
export function targetStage(stage: number, url: URL, seedLinks: number, seed: number): BootedStage {
  const entryUrl = url.origin;
  return {
    stage,
    entryUrl,
    services: [],
    codes: seededCodes(1, seedLinks, seed),
    seed: { links: 0, ms: 0 },
    bootMs: 0,
    emulated: [],
    // An external target may not expose our /metrics: then the step simply has no stage figures.
    readCounters: (startWindow) => readAppCounters(entryUrl, startWindow).catch(() => ({})),
    figures: (before, after) => (Object.keys(after).length ? appFigures(before, after) : {}),
  };
}
