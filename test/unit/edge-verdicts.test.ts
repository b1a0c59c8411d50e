// The edge experiments' verdicts decide from the measured values handed to them, never from the arm names: the same
// arms with the effect, without it, and (for latency) on a machine the bench flagged noisy.
import { describe, expect, it } from 'vitest';
import { cdnDistance } from '../../harness/experiments/cdn-distance.ts';
import type { ArmValues } from '../../harness/experiments/experiment-types.ts';
import { redirectStatus } from '../../harness/experiments/redirect-status.ts';
import { shield } from '../../harness/experiments/shield.ts';
import { varyTrap } from '../../harness/experiments/vary-trap.ts';
import type { RunResult } from '../../harness/results/result-types.ts';

const result = (noisyMachine = false) => ({ steps: [{ kind: 'tier', noisyMachine }] }) as unknown as RunResult;
const arm = (name: string, values: Record<string, number[]>, noisy = false): ArmValues => ({ arm: name, values, results: [result(noisy)] });

describe('edge experiment verdicts', () => {
  it('redirect-status: confirms when the 302 records every click and the 301 fewer; contradicts when both record alike', () => {
    expect(redirectStatus.verdict([arm('302', { recordedPerClick: [1] }), arm('301', { recordedPerClick: [0.7] })]).outcome).toBe('confirms');
    expect(redirectStatus.verdict([arm('302', { recordedPerClick: [1] }), arm('301', { recordedPerClick: [0.995] })]).outcome).toBe('contradicts');
    expect(redirectStatus.verdict([arm('302', { recordedPerClick: [] }), arm('301', { recordedPerClick: [0.7] })]).outcome).toBe('inconclusive');
  });

  it('vary-trap: confirms on a collapsed hit ratio, contradicts when Vary changes nothing', () => {
    const v = (off: number, on: number, oOff: number, oOn: number) =>
      varyTrap.verdict([arm('vary-off', { cdnHitRatio: [off], originPerRequest: [oOff] }), arm('vary-on', { cdnHitRatio: [on], originPerRequest: [oOn] })]).outcome;
    expect(v(0.6, 0.3, 0.3, 0.55)).toBe('confirms');
    expect(v(0.6, 0.59, 0.3, 0.31)).toBe('contradicts');
  });

  it('cdn-distance: decides on the far p99 when the machine was quiet, declines when an arm was noisy', () => {
    const v = (withP99: number, noisy = false) =>
      cdnDistance.verdict([arm('with-cdn', { p99Ap: [withP99], p50Ap: [6] }, noisy), arm('without-cdn', { p99Ap: [60], p50Ap: [48] })]);
    expect(v(20).outcome).toBe('confirms');
    expect(v(58).outcome).toBe('contradicts');
    expect(v(20, true).outcome).toBe('inconclusive');
    expect(v(20, true).summary).toMatch(/noisy machine/);
  });

  it('shield: confirms when the origin sees clearly fewer requests with the shield, contradicts when it sees as many', () => {
    const v = (off: number, on: number) => shield.verdict([arm('shield-on', { originPerRequest: [on] }), arm('shield-off', { originPerRequest: [off] })]).outcome;
    expect(v(0.44, 0.31)).toBe('confirms');
    expect(v(0.32, 0.31)).toBe('contradicts');
  });
});
