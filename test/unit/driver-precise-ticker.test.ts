// The precise ticker wakes the send loop at an armed instant (not before it), re-arming replaces, disarming cancels.
import { afterEach, describe, expect, it } from 'vitest';
import { PreciseTicker } from '../../harness/drivers/open-model/precise-ticker.ts';

let ticker: PreciseTicker | null = null;
afterEach(async () => {
  await ticker?.stop();
  ticker = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('precise ticker', () => {
  it('given an instant 5 ms ahead, then it ticks once, not before that instant (and within 50 ms on a busy machine)', async () => {
    const ticks: number[] = [];
    ticker = await PreciseTicker.start(() => ticks.push(performance.now()));
    const due = performance.now() + 5;
    ticker.arm(due);
    await sleep(80);
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toBeGreaterThanOrEqual(due - 0.01);
    expect(ticks[0] - due).toBeLessThan(50);
  });

  it('given a re-arm before the first instant, then only the second instant ticks', async () => {
    const ticks: number[] = [];
    ticker = await PreciseTicker.start(() => ticks.push(performance.now()));
    ticker.arm(performance.now() + 20);
    const second = performance.now() + 40;
    ticker.arm(second);
    await sleep(100);
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toBeGreaterThanOrEqual(second - 0.01);
  });

  it('given a disarm, then nothing ticks', async () => {
    let n = 0;
    ticker = await PreciseTicker.start(() => n++);
    ticker.arm(performance.now() + 10);
    ticker.disarm();
    await sleep(50);
    expect(n).toBe(0);
  });
});
