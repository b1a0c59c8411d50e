// `scaleladder export-hdr RESULT --out DIR`: each step as an HdrHistogram interval log (.hlog) and percentile distribution (.hgrm).
import type { Command } from 'commander';
import { UserError } from '../errors/user-error.ts';
import { exportHdr } from '../results/export-hdr.ts';
import { readResult } from '../results/read-result.ts';

export function registerExportHdr(program: Command): void {
  program
    .command('export-hdr')
    .description("write each step's interval histograms as an HdrHistogram log (.hlog) and its percentiles as .hgrm")
    .argument('<result>', 'result file')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .action((file: string, f: { out: string }) => {
      const result = readResult(file);
      if (result.steps.length === 0) throw new UserError(`result ${file} has no steps (aborted before the first one); nothing to export`);
      let paths: string[];
      try {
        paths = exportHdr(result, f.out);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code) throw new UserError(`cannot write into ${f.out}: ${err.code}; check the --out folder`);
        throw e;
      }
      process.stdout.write(paths.map((p) => `${p}\n`).join(''));
    });
}
