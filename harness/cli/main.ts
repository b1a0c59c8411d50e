// The scaleladder command line: one program, a subcommand per job; user errors print one line and exit non-zero.
import { Command, CommanderError } from 'commander';
import { isUserError } from '../errors/user-error.ts';
import { TOOL_VERSION } from '../env/tool-version.ts';
import { takeCommandExitCode } from './command-exit.ts';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when needed: the commands import ~360 modules between them, ~2 s of CPU per
 * start here, and one invocation runs one command. In --help order.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  bench: async () => (await import('./bench-command.ts')).registerBench,
  up: async () => (await import('./up-command.ts')).registerUp,
  doctor: async () => (await import('./doctor-command.ts')).registerDoctor,
  compare: async () => (await import('./compare-command.ts')).registerCompare,
  plan: async () => (await import('./plan-command.ts')).registerPlan,
  merge: async () => (await import('./merge-command.ts')).registerMerge,
  k6: async () => (await import('./k6-command.ts')).registerK6,
  validate: async () => (await import('./validate-command.ts')).registerValidate,
  report: async () => (await import('./report-command.ts')).registerReport,
  ladder: async () => (await import('./ladder-command.ts')).registerLadder,
  'keys-moved': async () => (await import('./keys-moved-command.ts')).registerKeysMoved,
  'export-hdr': async () => (await import('./export-hdr-command.ts')).registerExportHdr,
  experiment: async () => (await import('./experiment-command.ts')).registerExperiment,
  perf: async () => (await import('./perf-command.ts')).registerPerf,
};

/**
 * The program with every command, or with only `command` when it names one (its parsing, help and errors are the
 * same either way; the top-level help, `help`, and an unknown name get every command).
 */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command();
  program
    .name('scaleladder')
    .description('boot a URL shortener at each stage of the scaling ladder, drive it, and measure what breaks')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const names = command !== undefined && Object.hasOwn(COMMANDS, command) ? [command] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const register of registers) register(program);
  return program;
}

/** Runs one command; its exit code is returned from here and only here (commands set it with setCommandExitCode). */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv[0])).parseAsync(argv, { from: 'user' });
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
