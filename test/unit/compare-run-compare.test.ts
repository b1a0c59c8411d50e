// runCompare end to end on files: folders of repeated runs and single files, every format, threshold parsing, user errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARE_FORMATS, parseThreshold, runCompare } from '../../harness/compare/run-compare.ts';
import { UserError } from '../../harness/errors/user-error.ts';
import { repeatedRuns, writeRuns } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'results-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const baseDir = writeRuns(join(dir, 'base'), repeatedRuns({ runs: 6, seed: 1 }));
const headDir = writeRuns(join(dir, 'head'), repeatedRuns({ runs: 6, seed: 2, tailFactor: 1.2 }));

describe('runCompare', () => {
  it('given folders of 6 runs with a p99 regression, then every format renders and the exit code is 1', () => {
    for (const format of COMPARE_FORMATS) {
      const r = runCompare({ base: baseDir, head: headDir, format });
      expect(r.exitCode).toBe(1);
      expect(r.output.length).toBeGreaterThan(100);
    }
  });

  it('given one file against itself, then exit 0', () => {
    const file = join(baseDir, 'run-00.json');
    const r = runCompare({ base: file, head: file });
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/no regression past the threshold \(exit 0\)/);
  });

  it('given a threshold of 30 %, then the 20 % regression does not fail the run', () => {
    expect(runCompare({ base: baseDir, head: headDir, threshold: '30%' }).exitCode).toBe(0);
  });

  it('parses thresholds as percentages or fractions and refuses the rest', () => {
    expect(parseThreshold(undefined)).toBe(0.05);
    expect(parseThreshold('5%')).toBeCloseTo(0.05);
    expect(parseThreshold('2.5 %')).toBeCloseTo(0.025);
    expect(parseThreshold('0.1')).toBeCloseTo(0.1);
    expect(parseThreshold(0.07)).toBeCloseTo(0.07);
    expect(() => parseThreshold('five')).toThrow(UserError);
    expect(() => parseThreshold('-5%')).toThrow(/give a percentage like 5%/);
  });

  it('given a missing path, a corrupt file or an unknown format, then a one-line UserError', () => {
    expect(() => runCompare({ base: join(dir, 'nope'), head: headDir })).toThrow(UserError);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schema": "scaleladder/result@1", "steps": [');
    expect(() => runCompare({ base: bad, head: headDir })).toThrow(/not valid JSON/);
    expect(() => runCompare({ base: baseDir, head: headDir, format: 'csv' as never })).toThrow(/--format csv is not known/);
  });
});
