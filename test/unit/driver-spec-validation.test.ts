// Drivers by name, and step specs no driver can run rejected with a one-line UserError naming the rule.
import { describe, expect, it } from 'vitest';
import { getDriver } from '../../harness/drivers/index.ts';
import { UserError } from '../../harness/errors/user-error.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';
import type { StepSpec } from '../../harness/drivers/driver-types.ts';

const spec = (over: Partial<StepSpec>): StepSpec => ({
  baseUrl: 'http://127.0.0.1:1',
  rate: 10,
  durationS: 1,
  connections: 1,
  workload: normalizeWorkload(),
  codes: ['abcdefg'],
  timeoutMs: 1000,
  threads: 1,
  streamId: 0,
  ...over,
});

describe('drivers and step specs', () => {
  it('given the built-in names, then getDriver returns the matching driver', () => {
    expect(getDriver('open').name).toBe('open');
    expect(getDriver('autocannon').name).toBe('autocannon');
  });

  it('given an unknown name, then getDriver throws a UserError listing the known ones', () => {
    expect(() => getDriver('wrk' as 'open')).toThrow(UserError);
    expect(() => getDriver('wrk' as 'open')).toThrow(/use open, autocannon, k6/);
  });

  it.each([
    [{ rate: 0 }, /rate must be a finite number > 0/],
    [{ durationS: 0 }, /durationS must be > 0/],
    [{ connections: 0 }, /connections must be an integer >= 1/],
    [{ threads: 1.5 }, /threads must be an integer >= 1/],
    [{ codes: [] }, /no seeded codes/],
    [{ baseUrl: 'not a url' }, /baseUrl must be an absolute http\(s\) URL/],
  ])('given an open-model spec with %o, then runStep rejects with a UserError', async (over, message) => {
    const err = await getDriver('open').runStep(spec(over as Partial<StepSpec>)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(message);
  });

  it('given a maximum-throughput probe (--max) with rate 0, then the autocannon driver does not reject it for the rate', async () => {
    const err = await getDriver('autocannon', { max: true }).runStep(spec({ rate: 0, connections: 0 })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/connections must be/);
  });

  it('given autocannon at a tier rate of 0, then it is rejected for the rate (the tier rate is what it drives)', async () => {
    const err = await getDriver('autocannon').runStep(spec({ rate: 0, connections: 4 })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/autocannon driver: rate must be/);
  });
});
