// `scaleladder experiment NAME`: one variable changed across arms (each a normal bench run), a table of the arms and a
// verdict with its statistics; `--list` names every experiment. Ctrl-C stops the running arm and keeps what was measured.
import type { Command } from 'commander';
import { UserError } from '../errors/user-error.ts';
import { EXPERIMENTS, findExperiment } from '../experiments/experiment-registry.ts';
import { renderExperiment } from '../experiments/render-experiment.ts';
import { runExperiment } from '../experiments/run-experiment.ts';
import type { ExperimentBenchInput } from '../experiments/experiment-types.ts';
import { textTable } from '../render/text-table.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { progressPrinter } from './progress-printer.ts';
import { watchParent } from './watch-parent.ts';
import { addFlags, durationS, int, num, type FlagRow } from './flag-parsers.ts';
import { RUN_FLAGS, withDefault } from './shared-flags.ts';

interface ExperimentFlags {
  list?: boolean;
  repeats?: number;
  stepDuration?: number;
  warmup?: number;
  rate?: number;
  seedLinks?: number;
  seed?: number;
  machineCpu?: string;
  calibrate?: number;
  kneeProbe?: number;
  kneeMaxRate?: number;
  resultsDir?: string;
  json?: boolean;
}

/** The run knobs an experiment lets you override; unset, each arm keeps the experiment's own. */
const KNOBS = [RUN_FLAGS.stepDuration, RUN_FLAGS.warmup, RUN_FLAGS.rate, RUN_FLAGS.seedLinks, RUN_FLAGS.machineCpu, RUN_FLAGS.calibrate];

/** Every experiment flag, in --help order. */
const EXPERIMENT_FLAGS: FlagRow[] = [
  ['--list', 'list the experiments, their claims and arms'],
  ['--repeats <n>', 'runs of each arm, interleaved (default: the experiment\'s own)', int],
  ...KNOBS.map((row) => withDefault(row, ' (default: the experiment\'s own)')),
  withDefault(RUN_FLAGS.seed, ', the same in every arm (default 1)'),
  ['--knee-probe <d>', 'experiments that search knees: duration of each knee probe (default: the experiment\'s own)', durationS],
  ['--knee-max-rate <r>', 'experiments that search knees: highest rate a probe may try (default: the experiment\'s own)', num],
  ['--results-dir <dir>', 'root of run outputs (default results): results/experiments/NAME/RUN-ID/'],
  ['--json', 'print the summary JSON on stdout instead of the table'],
];

export function registerExperiment(program: Command): void {
  const command = program
    .command('experiment')
    .argument('[name]', 'the experiment to run (see --list)')
    .description('a controlled comparison: the same stage, workload and seed in every arm, one variable changed; a table of the arms and a verdict');
  addFlags(command, EXPERIMENT_FLAGS)
    .action(async (name: string | undefined, f: ExperimentFlags) => {
      if (f.list || name === undefined) {
        if (name === undefined && !f.list) throw new UserError('name an experiment to run, or --list to see them: scaleladder experiment NAME');
        process.stdout.write(listExperiments());
        return;
      }
      const exp = findExperiment(name);
      const flags: ExperimentBenchInput = {
        stepDurationS: f.stepDuration,
        warmupS: f.warmup,
        rate: f.rate,
        seedLinks: f.seedLinks,
        workload: f.seed === undefined ? undefined : { seed: f.seed },
        machineCpu: f.machineCpu,
        calibrateS: f.calibrate,
        kneeProbeS: f.kneeProbe,
        kneeMaxRate: f.kneeMaxRate,
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
          repeats: f.repeats,
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
