// --machine-cpu / --machine parsing, the fit check, quota/period arithmetic and the distortion label, as a user meets them.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { budgetFor, checkFit, distortion, parseMachineFlags, quotaFor, throttleBetween, usedCores } from '../../harness/machines/index.ts';

/** The one-line UserError message `fn` throws. */
function userErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('parseMachineFlags', () => {
  it('defaults to a tenth of a core per machine, the balancer and the CDN edge 1.5 machines (0.15)', () => {
    const b = parseMachineFlags({});
    expect(b).toEqual({ default: 0.1, byRole: {} });
    expect(budgetFor(b, 'app')).toBe(0.1);
    expect(budgetFor(b, 'cache')).toBe(0.1);
    expect(budgetFor(b, 'db')).toBe(0.1);
    expect(budgetFor(b, 'balancer')).toBe(0.15);
    expect(budgetFor(b, 'cdn')).toBe(0.15);
    // The sizes follow --machine-cpu; --machine still sets a role exactly.
    expect(budgetFor(parseMachineFlags({ machineCpu: '0.2' }), 'balancer')).toBe(0.3);
    expect(budgetFor(parseMachineFlags({ machine: 'balancer=0.1' }), 'balancer')).toBe(0.1);
  });

  it('takes --machine-cpu as cores, or none for unconstrained', () => {
    expect(parseMachineFlags({ machineCpu: '0.25' }).default).toBe(0.25);
    expect(parseMachineFlags({ machineCpu: '.5' }).default).toBe(0.5);
    const none = parseMachineFlags({ machineCpu: 'none' });
    expect(none.default).toBeNull();
    expect(budgetFor(none, 'app')).toBeNull();
  });

  it('takes per-role sizes, with redis/cluster meaning cache and postgres meaning db; unlisted roles get --machine-cpu', () => {
    const b = parseMachineFlags({ machineCpu: '0.05', machine: 'app=0.1, redis=0.1,balancer=0.15,cdn=0.15,postgres=0.2' });
    expect(b.byRole).toEqual({ app: 0.1, cache: 0.1, balancer: 0.15, cdn: 0.15, db: 0.2 });
    expect(budgetFor(parseMachineFlags({ machineCpu: '0.05', machine: 'cluster=0.3' }), 'cache')).toBe(0.3);
    expect(budgetFor(parseMachineFlags({ machineCpu: '0.05', machine: 'app=0.3' }), 'db')).toBe(0.05);
    expect(budgetFor(parseMachineFlags({ machineCpu: 'none', machine: 'balancer=0.3' }), 'balancer')).toBe(0.3);
  });

  it.each([
    [{ machineCpu: 'abc' }, /^--machine-cpu: the budget must be a number of cores between 0\.001 and 64, or none \(got "abc"\)$/],
    [{ machineCpu: '0' }, /^--machine-cpu: .*between 0\.001 and 64/],
    [{ machineCpu: '-0.1' }, /^--machine-cpu: .*\(got "-0\.1"\)/],
    [{ machineCpu: '100' }, /^--machine-cpu: .*between 0\.001 and 64/],
    [{ machine: 'app' }, /^--machine: "app" must be ROLE=CORES, e\.g\. app=0\.1/],
    [{ machine: 'web=0.1' }, /^--machine: unknown role "web" \(use app, cache \(or redis, cluster\), balancer, cdn, db \(or postgres\)\)$/],
    [{ machine: 'app=fast' }, /^--machine: app must be a number of cores between 0\.001 and 64 \(got "fast"\)$/],
    [{ machine: 'redis=0.1,cluster=0.2' }, /^--machine: the cache budget is given twice \("cluster=0\.2"\); give each role once$/],
    [{ machine: 'toString=0.1' }, /^--machine: unknown role "tostring"/],
  ])('rejects %j with a one-line error naming the flag and the rule', (flags, message) => {
    expect(userErrorOf(() => parseMachineFlags(flags))).toMatch(message);
  });
});

describe('checkFit', () => {
  const machines = (n: number, cpu: number) => Array.from({ length: n }, (_, i) => ({ name: `m${i}`, cpu }));

  it('accepts budgets that fit the CPU set, exactly full included', () => {
    expect(checkFit(machines(9, 0.1), 1, false)).toEqual({ totalCpu: 0.9, oversubscribed: false });
    expect(checkFit(machines(10, 0.1), 1, false)).toEqual({ totalCpu: 1, oversubscribed: false });
  });

  it('refuses budgets that add up to more than the CPU set, saying the sum and what to change', () => {
    expect(userErrorOf(() => checkFit(machines(11, 0.1), 1, false))).toBe(
      "the stage's 11 machines need 1.1 cores but its CPU set has 1: use a smaller --machine-cpu, fewer --app-processes or --read-replicas, or --allow-oversubscribe (the result is then labelled oversubscribed)",
    );
  });

  it('with --allow-oversubscribe, returns the verdict for the result label instead', () => {
    expect(checkFit(machines(11, 0.1), 1, true)).toEqual({ totalCpu: 1.1, oversubscribed: true });
  });
});

describe('quotaFor', () => {
  it('uses a 10 ms period by default and the budget times it as quota', () => {
    expect(quotaFor(0.1)).toEqual({ quotaUs: 1_000, periodUs: 10_000 });
    expect(quotaFor(0.15)).toEqual({ quotaUs: 1_500, periodUs: 10_000 });
    expect(quotaFor(2)).toEqual({ quotaUs: 20_000, periodUs: 10_000 });
    expect(quotaFor(0.1, 100_000)).toEqual({ quotaUs: 10_000, periodUs: 100_000 });
  });

  it('lengthens the period below 0.1 core, since the kernel refuses quotas under 1 ms', () => {
    expect(quotaFor(0.05)).toEqual({ quotaUs: 1_000, periodUs: 20_000 });
    expect(quotaFor(0.03)).toEqual({ quotaUs: 1_000, periodUs: 33_334 });
    expect(quotaFor(0.001)).toEqual({ quotaUs: 1_000, periodUs: 1_000_000 });
    expect(() => quotaFor(0.0005)).toThrow(/at least 0\.001/);
  });
});

describe('distortion', () => {
  it('measures how much costlier a request is on the small machine (the issue 10 trial: 0.21 vs 0.112 CPU-ms)', () => {
    const d = distortion(0.112, 0.21);
    expect(d.ratio).toBeCloseTo(1.875, 3);
    expect(d.linear).toBe(false);
    expect(d.fullSizeFactor).toBeCloseTo(1.875, 3);
    expect(d.label).toBe('1.88× costlier per request on the small machine: full-size figure is a lower bound');
  });

  it('calls a ratio within 10 % linear, and a cheaper small machine says the full-size figure may be high', () => {
    expect(distortion(0.1, 0.105)).toMatchObject({ linear: true, label: 'about linear (1.05× the cost per request of a whole core)' });
    expect(distortion(0.1, 0.08)).toMatchObject({ linear: false, label: expect.stringContaining('may be high') });
  });

  it('does not invent a ratio from a missing cost', () => {
    for (const [a, b] of [[0, 0.2], [0.1, NaN], [0.1, -1]]) expect(distortion(a, b)).toMatchObject({ ratio: null, fullSizeFactor: 1, linear: false });
  });
});

describe('what a result records', () => {
  it('a step throttle is the difference of two readings, in ms; used cores come from the usage counter when there is one', () => {
    const before = { nrPeriods: 10, nrThrottled: 2, throttledUs: 15_000, usageUs: 1_000 };
    const after = { nrPeriods: 210, nrThrottled: 190, throttledUs: 1_650_500, usageUs: 201_000 };
    expect(throttleBetween(before, after)).toEqual({ periods: 200, throttled: 188, throttledMs: 1_635.5 });
    expect(usedCores(before, after, 2_000)).toBeCloseTo(0.1, 6);
    expect(usedCores({ nrPeriods: 0, nrThrottled: 0, throttledUs: 0 }, after, 2_000)).toBeUndefined();
  });
});
