// `scaleladder validate`: each seed claim stated vs recomputed vs measured here, with a verdict.
import { setCommandExitCode } from './command-exit.ts';
import type { Command } from 'commander';
import { latestResultFiles } from '../plan/default-results.ts';
import { runValidate } from '../validate/run-validate.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description("the seed's back-of-envelope claims: stated vs recomputed vs measured on this machine")
    .option('--json', 'print the report as JSON')
    .option('--results <files...>', 'results that answer the "what breaks" rows (default: results/latest-stage-*.json)')
    .option('--no-measure', 'arithmetic only: skip the measurements (real redis-server, SQLite, hashing)')
    .option('--claims <file>', 'claims file (default claims/seed-claims.yaml)')
    .action(async (f: { json?: boolean; results?: string[]; measure: boolean; claims?: string }) => {
      const r = await runValidate({ json: f.json, results: f.results ?? latestResultFiles(), measure: f.measure, claimsFile: f.claims });
      process.stdout.write(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
      setCommandExitCode(r.exitCode);
    });
}
