// `scaleladder ladder [RESULTS...]`: the "what each fix buys" table over the latest result of each stage (or JSON).
import type { Command } from 'commander';
import { UserError } from '../errors/user-error.ts';
import { latestResultFiles } from '../plan/default-results.ts';
import { readResult } from '../results/read-result.ts';
import { renderLadder } from '../render/render-ladder.ts';
import { ladderJson } from './ladder-json.ts';

export function registerLadder(program: Command): void {
  program
    .command('ladder')
    .description('"what each fix buys": knee, p99 per tier, DB reads, hit ratios and cost per stage, vs the stage before')
    .argument('[results...]', 'one result per stage (default: results/latest-stage-*.json)')
    .option('--json', 'print the figures per stage and tier as JSON instead of the table')
    .action((files: string[], f: { json?: boolean }) => {
      const paths = files.length ? files : latestResultFiles();
      if (paths.length === 0) throw new UserError('no results to compare: run `make bench` (or `make bench-stage-N`) first, or pass result files');
      const results = paths.map((file) => ({ file, result: readResult(file) }));
      if (f.json) process.stdout.write(`${JSON.stringify(ladderJson(results), null, 2)}\n`);
      else process.stdout.write(renderLadder(results.map((r) => r.result)));
    });
}
