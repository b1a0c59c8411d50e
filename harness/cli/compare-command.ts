// `scaleladder compare BASE HEAD`: deltas with a verdict per metric; exit 1 on a significant regression past the threshold.
import type { Command } from 'commander';
import { setCommandExitCode } from './command-exit.ts';
import { COMPARE_FORMATS, runCompare, type CompareFormat } from '../compare/run-compare.ts';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two results (files, or folders of repeated runs): verdict per metric, exit 1 on a regression')
    .argument('<base>', 'base result file or folder of repeated runs')
    .argument('<head>', 'head result file or folder of repeated runs')
    .option('--threshold <t>', 'smallest change that counts, e.g. 5% or 0.05', '5%')
    .option('--format <f>', `output format: ${COMPARE_FORMATS.join(' | ')}`, 'table')
    .option('--json', 'print the comparison as JSON (same as --format json)')
    .option('--gate-single-run', 'let verdicts from fewer than 5 runs a side set exit 1 (by default they inform only)')
    .action((base: string, head: string, flags: { threshold: string; format: string; json?: boolean; gateSingleRun?: boolean }) => {
      const format = (flags.json ? 'json' : flags.format) as CompareFormat;
      const r = runCompare({ base, head, threshold: flags.threshold, format, gateSingleRun: flags.gateSingleRun });
      for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
      setCommandExitCode(r.exitCode);
    });
}
