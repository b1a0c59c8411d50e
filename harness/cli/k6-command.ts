// `scaleladder k6 export`: a k6-operator TestRun manifest + ConfigMap, so the same load runs on k6's distributed runners.
import type { Command } from 'commander';
import { parseDurationS } from '../../loadtests/workload/text-units.ts';
import { UserError } from '../errors/user-error.ts';
import { exportK6TestRun } from '../k6-export/export-k6-testrun.ts';

export function registerK6(program: Command): void {
  const k6 = program.command('k6').description('k6 helpers');
  k6.command('export')
    .description('write a k6-operator TestRun manifest and the ConfigMap holding the script and its lib')
    .requiredOption('--script <s>', "scenario name of loadtests/k6 ('mixed', 'redirect-only', 'create-only', 'metadata-conditional') or a path")
    .requiredOption('--tier <t>', 'tier name of the tiers file; its rate is the total over all runners')
    .option('--parallelism <n>', 'number of k6 runner pods', '1')
    .requiredOption('--out <file>', 'output YAML path')
    .option('--base-url <url>', 'target as the runner pods reach it')
    .option('--duration <d>', 'how long the tier rate is held (default 60s)')
    .option('--codes-file <path>', 'seeded codes, one per line, hottest first, shared by every runner')
    .action((f: { script: string; tier: string; parallelism: string; out: string; baseUrl?: string; duration?: string; codesFile?: string }) => {
      const parallelism = Number(f.parallelism);
      if (!Number.isInteger(parallelism) || parallelism < 1) throw new UserError(`--parallelism must be a whole number >= 1 (got "${f.parallelism}")`);
      let durationS: number | undefined;
      if (f.duration !== undefined) {
        try {
          durationS = parseDurationS(f.duration);
        } catch (e) {
          throw new UserError(`--duration: ${(e as Error).message}`);
        }
      }
      const r = exportK6TestRun({ script: f.script, tier: f.tier, parallelism, out: f.out, baseUrl: f.baseUrl, durationS, codesFile: f.codesFile });
      process.stdout.write(
        `wrote ${r.out}: TestRun ${r.testRunName} (${parallelism} runner(s), ${r.perRunnerRate.toFixed(1)} req/s each) + ConfigMap ${r.configMapName} (${r.files.length} files)\n`,
      );
    });
}
