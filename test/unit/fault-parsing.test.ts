// --fault parsing and validation: syntax, unknown names, stages that cannot take a fault, timing that ends past the step.
import { describe, expect, it } from 'vitest';
import { normalizeBenchOptions } from '../../harness/bench/bench-options.ts';
import { buildProgram } from '../../harness/cli/main.ts';
import { UserError } from '../../harness/errors/user-error.ts';
import { formatFaultSpec, parseFaultList, parseFaultSpec, stagesFor } from '../../harness/faults/fault-spec.ts';
import { resolveFaults } from '../../harness/faults/resolve-faults.ts';
import { resolveAppConfig } from '../../targets/app/config.ts';
import { parseServerArgs } from '../../targets/app/server-args.ts';

const run = { stage: 3, stepDurationS: 6, driver: 'open' };

function userErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a UserError');
}

describe('fault specs', () => {
  it('given name, @at and +for in seconds or durations, then they parse', () => {
    expect(parseFaultSpec('kill-app')).toEqual({ kind: 'kill-app' });
    expect(parseFaultSpec('kill-app@1.5')).toEqual({ kind: 'kill-app', atS: 1.5 });
    expect(parseFaultSpec('stop-redis@500ms+2s')).toEqual({ kind: 'stop-redis', atS: 0.5, forS: 2 });
    expect(parseFaultSpec(' origin-down+3 ')).toEqual({ kind: 'origin-down', forS: 3 });
  });

  it('given repeated flags with comma lists, then every spec comes back in order', () => {
    expect(parseFaultList(['kill-app@1,stop-redis', 'hot-key-expiry']).map((s) => s.kind)).toEqual(['kill-app', 'stop-redis', 'hot-key-expiry']);
  });

  it('given a spec, then formatting gives the flag text back', () => {
    for (const t of ['kill-app', 'kill-app@1.5', 'stop-redis@0.5+2', 'origin-down+3']) expect(formatFaultSpec(parseFaultSpec(t))).toBe(t);
  });

  it('given an unknown name or a bad time, then the error names the known faults or the syntax', () => {
    expect(() => parseFaultSpec('kill-everything')).toThrow(/unknown fault "kill-everything" \(known: kill-app, stop-redis/);
    expect(() => parseFaultSpec('kill-app@soon')).toThrow(/"soon" is not a time/);
    expect(() => parseFaultSpec('Kill App')).toThrow(/<name>\[@<seconds into the step>\]/);
  });

  it('lists the stages that can take each fault', () => {
    expect(stagesFor('kill-app')).toBe('3, 4 or 5');
    expect(stagesFor('stop-redis')).toBe('2, 3, 4 or 5');
    expect(stagesFor('origin-down')).toBe('4 or 5');
  });
});

describe('fault validation against the run', () => {
  it('given no times, then @ defaults to a quarter of the step and + to 2 s (at most 40 % of the step)', () => {
    expect(resolveFaults(['kill-app'], run)).toEqual([{ kind: 'kill-app', atS: 1.5, forS: 2 }]);
    expect(resolveFaults(['stop-redis'], { ...run, stepDurationS: 3 })).toEqual([{ kind: 'stop-redis', atS: 0.8, forS: 1.2 }]);
  });

  it('given a fault the stage cannot take, then one line names the stages that can', () => {
    const msg = userErrorOf(() => resolveFaults(['kill-app'], { ...run, stage: 2 }));
    expect(msg).toMatch(/--fault kill-app needs .*stage 3, 4 or 5 can take it, this run is stage 2/);
    expect(userErrorOf(() => resolveFaults(['origin-down'], run))).toMatch(/stage 4 or 5 can take it, this run is stage 3/);
    expect(userErrorOf(() => resolveFaults(['stop-redis'], { ...run, stage: 1 }))).toMatch(/stage 2, 3, 4 or 5/);
  });

  it('given a fault that would end after the step, then it says so and what to change', () => {
    expect(userErrorOf(() => resolveFaults(['kill-app@5+2'], run))).toMatch(/must end inside the 6 s step .*lengthen --step-duration/);
  });

  it('given a whole-step fault with a time, a fault twice, k6, or --target, then each is refused', () => {
    expect(userErrorOf(() => resolveFaults(['writer-contention@1'], run))).toMatch(/covers the whole step/);
    expect(resolveFaults(['writer-contention'], run)).toEqual([{ kind: 'writer-contention', atS: 0, forS: 6 }]);
    expect(userErrorOf(() => resolveFaults(['kill-app@1', 'kill-app@2'], run))).toMatch(/given twice/);
    expect(userErrorOf(() => resolveFaults(['kill-app'], { ...run, driver: 'k6' }))).toMatch(/k6 has none/);
    expect(userErrorOf(() => resolveFaults(['kill-app'], { ...run, target: 'http://127.0.0.1:9' }))).toMatch(/cannot inject faults into --target/);
  });

  it('given bench options with faults as text, then they are resolved once with the step duration', () => {
    const o = normalizeBenchOptions({ stage: 3, stepDurationS: 8, faults: ['kill-app@2+3', 'writer-contention'] });
    expect(o.faults).toEqual([
      { kind: 'kill-app', atS: 2, forS: 3 },
      { kind: 'writer-contention', atS: 0, forS: 8 },
    ]);
    expect(normalizeBenchOptions({ stage: 1 }).faults).toEqual([]);
    expect(userErrorOf(() => normalizeBenchOptions({ stage: 1, faults: ['hot-key-expiry'] }))).toMatch(/stage 2, 3, 4 or 5 can take it/);
  });
});

describe('the switch for the "without" side of hot-key-expiry', () => {
  it('given --no-stampede-defences, then the app turns the defences off; without it they stay on', () => {
    expect(resolveAppConfig(parseServerArgs(['--no-stampede-defences'])).stampedeDefences).toBe(false);
    expect(resolveAppConfig(parseServerArgs([])).stampedeDefences).toBe(true);
  });

  it('given the bench topology, then the defences are on by default and can be turned off', () => {
    expect(normalizeBenchOptions({ stage: 2 }).topology.stampedeDefences).toBe(true);
    expect(normalizeBenchOptions({ stage: 2, topology: { stampedeDefences: false } }).topology.stampedeDefences).toBe(false);
  });
});

describe('--fault on the command line', () => {
  const bench = async (...args: string[]) => (await buildProgram()).parseAsync(['node', 'scaleladder', 'bench', ...args]);

  it('given repeated and comma-listed --fault flags, then they reach validation before anything boots', async () => {
    await expect(bench('--stage', '2', '--fault', 'stop-redis@1', '--fault', 'kill-app,hot-key-expiry')).rejects.toThrow(
      /--fault kill-app needs .*stage 3, 4 or 5 can take it, this run is stage 2/,
    );
    await expect(bench('--stage', '3', '--fault', 'kill-app@x')).rejects.toThrow(/--fault: "kill-app@x": "x" is not a time/);
    await expect(bench('--stage', '3', '--step-duration', '3s', '--fault', 'kill-app@2+2')).rejects.toThrow(/must end inside the 3 s step/);
  });
});
