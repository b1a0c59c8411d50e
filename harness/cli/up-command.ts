// `scaleladder up`: boot a stage, print its entry URL first on stdout, keep it up until Ctrl-C, then stop it cleanly.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { parseCount } from '../bench/parse-duration.ts';
import { runPaths, runStamp } from '../bench/run-id.ts';
import { UserError } from '../errors/user-error.ts';
import { bootStage } from '../stages/stage-registry.ts';
import { normalizeTopology } from '../bench/bench-options.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { Supervisor } from '../supervisor/supervisor.ts';

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('boot a stage and keep it up until Ctrl-C (first stdout line: its entry URL)')
    .requiredOption('--stage <n>', 'stage of the ladder (1..5)')
    .option('--seed-links <n>', 'links seeded before boot (default 10k)', '10k')
    .option('--admin-token <t>', 'admin token for DELETE (default: random, printed on stderr)')
    .option('--results-dir <dir>', 'root folder of run outputs (default results)', 'results')
    .option('--balancer <name>', 'stage 3+: nginx | haproxy (default nginx)')
    .option('--algorithm <name>', 'stage 3+: balancing algorithm (default round-robin)')
    .option('--app-processes <n>', 'stage 3+: app processes behind the balancer')
    .action(async (flags: { stage: string; seedLinks: string; adminToken?: string; resultsDir: string; balancer?: string; algorithm?: string; appProcesses?: string }) => {
      const stage = Number(flags.stage);
      if (!Number.isInteger(stage)) throw new UserError(`--stage must be a whole number 1..5 (got "${flags.stage}")`);
      let seedLinks: number;
      try {
        seedLinks = parseCount(flags.seedLinks);
      } catch (e) {
        throw new UserError(`--seed-links: ${(e as Error).message}`);
      }
      const paths = runPaths(flags.resultsDir, stage, runStamp(), null);
      const supervisor = new Supervisor({ runDir: paths.runDir });
      let stopped: () => void = () => undefined;
      const done = new Promise<void>((r) => (stopped = r));
      installShutdownHandlers(async () => {
        await supervisor.stopAll();
        stopped();
      });
      const adminToken = flags.adminToken ?? randomBytes(16).toString('hex');
      const topology = normalizeTopology({
        balancer: flags.balancer as 'nginx' | undefined,
        algorithm: flags.algorithm as 'round-robin' | undefined,
        appProcesses: flags.appProcesses === undefined ? undefined : Number(flags.appProcesses),
      });
      const booted = await bootStage(stage, { runDir: paths.runDir, supervisor, seedLinks, adminToken, seed: 1, topology });
      process.stdout.write(`${booted.entryUrl}\n`);
      process.stderr.write(
        `stage ${stage} is up: ${booted.services.map((s) => `${s.name} pid ${s.pid}`).join(', ')}; ` +
          `${seedLinks.toLocaleString('en-US')} links seeded (ids 1..${seedLinks}); admin token ${adminToken}; logs in ${paths.runDir}/logs. Ctrl-C stops it.\n`,
      );
      supervisor.onUnexpectedExit((svc, code, sig) => {
        process.stderr.write(`${svc.name} exited unexpectedly (${sig ?? `code ${code}`}); stopping the stage\n`);
        void supervisor.stopAll().then(() => process.exit(1));
      });
      await done;
    });
}
