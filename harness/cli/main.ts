// The scaleladder command line: one program, a subcommand per job; user errors print one line and exit non-zero.
import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors/user-error.ts';
import { TOOL_VERSION } from '../env/tool-version.ts';
import { registerBench } from './bench-command.ts';
import { registerCompare } from './compare-command.ts';
import { registerPlan } from './plan-command.ts';
import { registerK6 } from './k6-command.ts';
import { registerMerge } from './merge-command.ts';
import { registerReport } from './report-command.ts';
import { registerLadder } from './ladder-command.ts';
import { registerKeysMoved } from './keys-moved-command.ts';
import { registerValidate } from './validate-command.ts';
import { registerDoctor } from './doctor-command.ts';
import { registerUp } from './up-command.ts';
import { registerExportHdr } from './export-hdr-command.ts';
import { registerExperiment } from './experiment-command.ts';
import { registerPerf } from './perf-command.ts';
import { takeCommandExitCode } from './command-exit.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('scaleladder')
    .description('boot a URL shortener at each stage of the scaling ladder, drive it, and measure what breaks')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerBench(program);
  registerUp(program);
  registerDoctor(program);
  registerCompare(program);
  registerPlan(program);
  registerMerge(program);
  registerK6(program);
  registerValidate(program);
  registerReport(program);
  registerLadder(program);
  registerKeysMoved(program);
  registerExportHdr(program);
  registerExperiment(program);
  registerPerf(program);
  return program;
}

/** Runs one command; its exit code is returned from here and only here (commands set it with setCommandExitCode). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return takeCommandExitCode();
  } catch (e) {
    takeCommandExitCode();
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isUserError(e)) {
      process.stderr.write(`scaleladder: ${e.message}\n`);
      if (process.env.DEBUG && e.stack) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`scaleladder: unexpected error: ${err?.message ?? String(e)} (run with DEBUG=1 for the stack)\n`);
    if (process.env.DEBUG && err?.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
