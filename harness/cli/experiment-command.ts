// `scaleladder experiment NAME`: one variable changed across arms (each a normal bench run), a table of the arms and a
// verdict with its statistics; `--list` names every experiment. Ctrl-C stops the running arm and keeps what was measured.
import type { Command } from 'commander';
import { parseCount, parseDurationS } from '../../loadtests/workload/text-units.ts';
import { UserError } from '../errors/user-error.ts';
import { EXPERIMENTS, findExperiment } from '../experiments/experiment-registry.ts';
import { renderExperiment } from '../experiments/render-experiment.ts';
import { runExperiment } from '../experiments/run-experiment.ts';
import type { ExperimentBenchInput } from '../experiments/experiment-types.ts';
import { textTable } from '../render/text-table.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { progressPrinter } from './progress-printer.ts';
import { watchParent } from './watch-parent.ts';

interface ExperimentFlags {
  list?: boolean;
  repeats?: string;
  stepDuration?: string;
  warmup?: string;
  rate?: string;
  seedLinks?: string;
  seed?: string;
  machineCpu?: string;
  calibrate?: string;
  resultsDir?: string;
  json?: boolean;
}

export function registerExperiment(program: Command): void {
  program
    .command('experiment')
    .argument('[name]', 'the experiment to run (see --list)')
    .description('a controlled comparison: the same stage, workload and seed in every arm, one variable changed; a table of the arms and a verdict')
    .option('--list', 'list the experiments, their claims and arms')
    .option('--repeats <n>', 'runs of each arm, interleaved (default: the experiment\'s own)')
    .option('--step-duration <d>', 'measured duration of each arm\'s step (default: the experiment\'s own)')
    .option('--warmup <d>', 'warm-up of each arm, not counted (default: the experiment\'s own)')
    .option('--rate <r>', 'arrival rate of each arm\'s step, req/s (default: the experiment\'s own)')
    .option('--seed-links <n>', 'links seeded in each arm (default: the experiment\'s own)')
    .option('--seed <n>', 'seed of the request sequence, the same in every arm (default 1)')
    .option('--machine-cpu <cores>', 'CPU budget of every emulated machine (none = unconstrained; default: the experiment\'s own)')
    .option('--calibrate <d>', 'scale model calibration steps per arm (default: the experiment\'s own; 0 skips)')
    .option('--results-dir <dir>', 'root of run outputs (default results): results/experiments/NAME/RUN-ID/')
    .option('--json', 'print the summary JSON on stdout instead of the table')
    .action(async (name: string | undefined, f: ExperimentFlags) => {
      if (f.list || name === undefined) {
        if (name === undefined && !f.list) throw new UserError('name an experiment to run, or --list to see them: scaleladder experiment NAME');
        process.stdout.write(listExperiments());
        return;
      }
      const exp = findExperiment(name);
      const flags: ExperimentBenchInput = {
        stepDurationS: f.stepDuration === undefined ? undefined : wrap('--step-duration', () => parseDurationS(f.stepDuration!)),
        warmupS: f.warmup === undefined ? undefined : wrap('--warmup', () => parseDurationS(f.warmup!)),
        rate: f.rate === undefined ? undefined : num('--rate', f.rate),
        seedLinks: f.seedLinks === undefined ? undefined : wrap('--seed-links', () => parseCount(f.seedLinks!)),
        workload: f.seed === undefined ? undefined : { seed: int('--seed', f.seed) },
        machineCpu: f.machineCpu,
        calibrateS: f.calibrate === undefined ? undefined : wrap('--calibrate', () => parseDurationS(f.calibrate!)),
      };
      const controller = new AbortController();
      let running: Promise<unknown> = Promise.resolve();
      const uninstall = installShutdownHandlers(async (reason) => {
        controller.abort(reason);
        await running.catch(() => undefined);
      });
      const unwatch = watchParent((ppid) => controller.abort(`parent process ${ppid} went away`));
      try {
        const run = runExperiment(exp, {
          flags,
          repeats: f.repeats === undefined ? undefined : int('--repeats', f.repeats),
          resultsDir: f.resultsDir,
          events: progressPrinter(),
          signal: controller.signal,
          onArm: (a) => process.stderr.write(`experiment ${exp.name}: arm ${a.arm} (${a.label})${a.repeats > 1 ? `, run ${a.repeat} of ${a.repeats}` : ''} [${a.index}/${a.total}]\n`),
        });
        running = run;
        const { summary, summaryFile } = await run;
        process.stdout.write(f.json ? `${JSON.stringify(summary, null, 2)}\n` : renderExperiment(summary, { summaryFile }));
        if (summary.aborted) throw new UserError(`experiment stopped early: ${summary.aborted}; partial summary in ${summaryFile}`, { exitCode: 3 });
      } finally {
        unwatch();
        uninstall();
      }
    });
}

export function listExperiments(): string {
  const rows = EXPERIMENTS.map((e) => [e.name, e.claimId, e.arms.map((a) => a.name).join(' vs '), e.question]);
  return `${textTable(['experiment', 'claim', 'arms', 'question'], rows, { rightAlign: [false, false, false, false] })}\n`;
}

function wrap<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UserError(`${flag}: ${(e as Error).message}`);
  }
}

function num(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag} must be a number (got "${v}")`);
  return n;
}

function int(flag: string, v: string): number {
  const n = num(flag, v);
  if (!Number.isInteger(n)) throw new UserError(`${flag} must be a whole number (got "${v}")`);
  return n;
}
