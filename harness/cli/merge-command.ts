// `scaleladder merge A B … --out merged.json`: one result from several load-generator hosts of one run (histograms added).
import type { Command } from 'commander';
import { mergeResults } from '../results/merge-results.ts';
import { readResult } from '../results/read-result.ts';
import { writeResult } from '../results/write-result.ts';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge results of several load-generator hosts of one run: histograms added, counts and rates summed')
    .argument('<results...>', 'result files of the same run and config')
    .requiredOption('--out <file>', 'where to write the merged result')
    .action((files: string[], f: { out: string }) => {
      const merged = mergeResults(files.map(readResult));
      writeResult(merged, [f.out]);
      process.stdout.write(`merged ${files.length} results into ${f.out}\n`);
    });
}
