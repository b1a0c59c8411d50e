// `scaleladder report RESULTS... --out report.html`: one self-contained HTML file with plots; prints its path.
import type { Command } from 'commander';
import { parseCount } from '../../loadtests/workload/text-units.ts';
import { runCompare } from '../compare/run-compare.ts';
import { UserError } from '../errors/user-error.ts';
import { runPlan } from '../plan/run-plan.ts';
import { writeReport } from '../report/write-report.ts';
import { runValidate } from '../validate/run-validate.ts';
import { readAllLatestSummaries } from '../experiments/experiment-paths.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML report (no network needed) from one or more results')
    .argument('<results...>', 'result files')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--compare', 'with exactly two results: add the compare table (first = base, second = head)')
    .option('--validate', 'add the validate table (arithmetic and the given results; no new measurements)')
    .option('--plan-users <n>', 'add a capacity plan for this many users, from the given results')
    .option('--title <t>', 'report title')
    .option('--experiments [dir]', 'add the experiments section: the latest run of each experiment under DIR/experiments (default results)')
    .action(async (files: string[], f: { out: string; compare?: boolean; validate?: boolean; planUsers?: string; title?: string; experiments?: string | boolean }) => {
      if (f.compare && files.length !== 2) throw new UserError(`--compare needs exactly two results (got ${files.length})`);
      const comparison = f.compare ? runCompare({ base: files[0], head: files[1] }).comparison : undefined;
      const validate = f.validate ? (await runValidate({ results: files, measure: false })).report : undefined;
      let plan;
      if (f.planUsers) {
        let users: number;
        try {
          users = parseCount(f.planUsers);
        } catch (e) {
          throw new UserError(`--plan-users: ${(e as Error).message}`);
        }
        plan = runPlan({ users, from: files }).plan;
      }
      const experiments = f.experiments === undefined ? undefined : readAllLatestSummaries(typeof f.experiments === 'string' ? f.experiments : 'results');
      const path = writeReport(files, f.out, { comparison, validate, plan, experiments, title: f.title });
      process.stdout.write(`${path}\n`);
    });
}
