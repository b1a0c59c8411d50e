// `scaleladder plan --users 1M`: capacity from measured cost per request, every assumption printed next to its number.
import type { Command } from 'commander';
import { parseCount } from '../../loadtests/workload/text-units.ts';
import { UserError } from '../errors/user-error.ts';
import { runPlan } from '../plan/run-plan.ts';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('how many app processes, how much Redis, what CDN hit ratio and how many shards a target needs')
    .option('--users <n>', 'target users, e.g. 1M (turned into a rate by the tiers file assumptions)')
    .option('--rate <r>', 'target peak rate in req/s instead of users')
    .option('--peak-factor <f>', 'peak-to-average ratio for --users (default from the tiers file)')
    .option('--from <files...>', 'results to plan from (default: results/latest-stage-*.json)')
    .option('--format <f>', 'table | markdown', 'table')
    .option('--json', 'print the plan object as JSON instead of the table')
    .action((flags: { users?: string; rate?: string; peakFactor?: string; from?: string[]; format: string; json?: boolean }) => {
      const count = (flag: string, v: string) => {
        try {
          return parseCount(v);
        } catch (e) {
          throw new UserError(`${flag}: ${(e as Error).message}`);
        }
      };
      const num = (flag: string, v: string) => {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a positive number (got "${v}")`);
        return n;
      };
      const { output, plan } = runPlan({
        users: flags.users === undefined ? undefined : count('--users', flags.users),
        rate: flags.rate === undefined ? undefined : num('--rate', flags.rate),
        peakFactor: flags.peakFactor === undefined ? undefined : num('--peak-factor', flags.peakFactor),
        from: flags.from,
        format: flags.format as 'table' | 'markdown',
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
      else process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    });
}
