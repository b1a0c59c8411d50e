// `scaleladder plan` reads every measured input it claims to: each figure key of FIGURE_KEYS, and the app process count from config.topology.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIGURE_KEYS } from '../../harness/plan/plan-assumptions.ts';
import type { Plan } from '../../harness/plan/plan-types.ts';
import type { StepFigures } from '../../harness/measure/step-figures.ts';
import { mulberry32 } from '../../loadtests/workload/prng.ts';
import { runCli } from '../helpers/run-cli.ts';
import { lognormalLatencies, syntheticRun } from '../helpers/synthetic-result.ts';

const dir = mkdtempSync(join(tmpdir(), 'plan-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rng = mulberry32(11);
const fast = () => lognormalLatencies(rng, 1000, 2000, 0.3);

/** A distinctive value per figure plan reads, so the plan's output can only show it if it read that key. */
const measured = Object.fromEntries(
  Object.values(FIGURE_KEYS)
    .flat()
    .map((k, i) => [k, 0.613 + i / 100]),
) as StepFigures;

function write(name: string, run: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(run));
  return file;
}

describe('scaleladder plan (CLI) reads what it claims to', () => {
  it('given results whose figures carry every FIGURE_KEYS key and sweeps whose only app count is config.topology.appProcesses, then the plan shows each as measured', async () => {
    // Stage 3 sweep: the steps sampled no app process (as with an external target), so config.topology is the only source of N.
    const sweep = [1, 2, 4].map((n) =>
      write(`stage-3-n${n}.json`, syntheticRun({ stage: 3, configHash: `abcd00000000${n}000`, config: { stage: 3, topology: { appProcesses: n } }, knee: 300 * n, steps: [{ tier: '100k', latenciesUs: fast(), achievedRate: 250 * n }] })),
    );
    const s4 = write('stage-4.json', syntheticRun({ stage: 4, knee: 5000, steps: [{ tier: '100k', latenciesUs: fast(), achievedRate: 4000, figures: measured }] }));
    const r = await runCli(['plan', '--rate', '10000', '--json', '--from', ...sweep, s4]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    const stage3 = plan.stages.find((s) => s.stage === 3)!;
    const byProcs = stage3.usl.find((u) => u.basis.startsWith('capacity vs app processes'));
    expect(byProcs?.points.map((p) => p.n)).toEqual([1, 2, 4]);
    const stage4 = plan.stages.find((s) => s.stage === 4)!;
    const text = JSON.stringify(stage4);
    for (const [name, keys] of Object.entries(FIGURE_KEYS)) {
      for (const k of keys as readonly (keyof StepFigures)[]) {
        const v = measured[k]!;
        // Ratios are printed as percentages, values as assumptions.
        const shown = text.includes(`${(v * 100).toFixed(1)} %`) || text.includes(`"value":${v}`);
        expect(shown, `plan ${name}: figure ${k} = ${v} does not show in stage 4's plan: ${text.slice(0, 400)}`).toBe(true);
      }
    }
  }, 60_000);
});
