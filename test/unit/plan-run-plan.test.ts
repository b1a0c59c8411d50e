// runPlan on files: explicit --from paths, the default results/latest-stage-*.json, and the error when there is nothing to plan from.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { latestResultFiles } from '../../harness/plan/default-results.ts';
import { runPlan } from '../../harness/plan/run-plan.ts';
import { repeatedRuns } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'results-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const resultsDir = join(dir, 'results');
mkdirSync(resultsDir);
const [s1] = repeatedRuns({ runs: 1, seed: 1, knee: 1200, samplesPerRun: 2000 });
const [s2] = repeatedRuns({ runs: 1, seed: 2, stage: 2, knee: 3000, samplesPerRun: 2000 });
writeFileSync(join(resultsDir, 'latest-stage-2.json'), JSON.stringify(s2));
writeFileSync(join(resultsDir, 'latest-stage-1.json'), JSON.stringify(s1));
writeFileSync(join(resultsDir, 'latest-stage-x.json'), '{}');

describe('runPlan', () => {
  it('given no --from, then it reads results/latest-stage-N.json in stage order', () => {
    expect(latestResultFiles(resultsDir).map((p) => p.slice(resultsDir.length + 1))).toEqual(['latest-stage-1.json', 'latest-stage-2.json']);
    const { plan, output } = runPlan({ users: 1_000_000, resultsDir });
    expect(plan.stages.map((s) => s.stage)).toEqual([1, 2]);
    expect(plan.target.peakRate).toBeCloseTo(40_400, 6);
    expect(output).toMatch(/^capacity plan: 1,000,000 users → 40,400 req\/s/);
  });

  it('given --from a file and markdown, then a Markdown plan of that stage', () => {
    const { plan, output } = runPlan({ rate: 2000, from: [join(resultsDir, 'latest-stage-2.json')], format: 'markdown' });
    expect(plan.stages).toHaveLength(1);
    expect(plan.stages[0].holds).toBe(true);
    expect(output).toMatch(/## Stage 2 — one box holds it/);
  });

  it('given no results anywhere, then a UserError saying what to run', () => {
    expect(() => runPlan({ users: 1000, resultsDir: join(dir, 'empty') })).toThrow(UserError);
    expect(() => runPlan({ users: 1000, resultsDir: join(dir, 'empty') })).toThrow(/run make bench-stage-1 first or pass --from/);
  });

  it('given an unknown format, then a UserError', () => {
    expect(() => runPlan({ users: 1000, resultsDir, format: 'html' as never })).toThrow(/--format html is not known for plan/);
  });
});
