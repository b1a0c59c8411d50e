// Through the real CLI: a malformed number, duration or name in a flag of bench, up or keys-moved is one line naming the flag, exit 2, nothing started.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const CASES: [string[], RegExp][] = [
  [['bench', '--stage', '1', '--threads', 'two'], /--threads must be a whole number \(got "two"\)/],
  [['bench', '--stage', '1', '--step-duration', 'soon'], /--step-duration: /],
  [['bench', '--stage', '1', '--driver', 'wrk'], /--driver must be one of open, autocannon, k6 \(got "wrk"\)/],
  [['up', '--stage', '1', '--app-processes', 'many'], /--app-processes must be a whole number \(got "many"\)/],
  [['up', '--stage', '9'], /--stage must be a whole number 1\.\.5 \(got "9"\)/],
  [['keys-moved', '--from', 'x'], /--from must be a whole number \(got "x"\)/],
  [['keys-moved', '--codes', '1e9'], /--codes must be a whole number 10\.\.100000 \(got "1e9"\)/],
  [['keys-moved', '--from', '5', '--to', '5'], /--to must be more than --from/],
];

describe('bad flag values (real CLI)', () => {
  it.each(CASES)('given %j, then one line naming the flag and exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  }, 30_000);
});
