// `scaleladder up`: boot a stage, print its entry URL first on stdout, keep it up until Ctrl-C, then stop it cleanly.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { addFlags, count, intIn, typedOption } from './flag-parsers.ts';
import { STAGE_FLAGS } from './shared-flags.ts';
import { runPaths, runStamp } from '../bench/run-id.ts';
import { UserError } from '../errors/user-error.ts';
import { bootStage } from '../stages/stage-registry.ts';
import { parseDb, withDatabase } from '../stages/db-choice.ts';
import { composeStage } from '../stages/stage-definitions.ts';
import { normalizeTopology } from '../bench/bench-options.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { setCommandExitCode } from './command-exit.ts';
import { stopSignals } from './stop-signals.ts';
import { watchParent } from './watch-parent.ts';

/** Exit code when a stage process died on its own (the brief's "crash of a stage process"). */
const EXIT_STAGE_CRASHED = 3;

export function registerUp(program: Command): void {
  const command = program
    .command('up')
    .description('boot a stage and keep it up until Ctrl-C (first stdout line: its entry URL)')
    .addOption(typedOption('--stage <n>', 'stage of the ladder (1..5)', intIn(1, 5)).makeOptionMandatory())
    .addOption(typedOption('--seed-links <n>', 'links seeded before boot (default 10k)', count).default(10_000, '10k'))
    .option('--admin-token <t>', 'admin token for DELETE (default: random, printed on stderr)')
    .option('--results-dir <dir>', 'root folder of run outputs (default results)', 'results');
  addFlags(command, Object.values(STAGE_FLAGS))
    .action(async (flags: { stage: number; seedLinks: number; adminToken?: string; resultsDir: string; balancer?: string; algorithm?: string; appProcesses?: number; db?: string; readReplicas?: number }) => {
      const { stage, seedLinks } = flags;
      const db = parseDb(flags.db);
      const dbEdit = withDatabase(stage, db, []);
      const composition = composeStage(stage, dbEdit.add);
      const readReplicas = flags.readReplicas;
      if (readReplicas !== undefined && readReplicas > 0 && db !== 'postgres') throw new UserError(`--read-replicas ${readReplicas} needs --db postgres (SQLite has no replicas)`);
      if (readReplicas !== undefined && readReplicas > 0 && composition.has('shards')) {
        throw new UserError(`--read-replicas ${readReplicas} with shards: replicas of PostgreSQL shards are not built; drop --read-replicas, or use a stage without shards`);
      }
      if (dbEdit.notice) process.stderr.write(`${dbEdit.notice}\n`);
      const paths = runPaths(flags.resultsDir, stage, runStamp(), null);
      const supervisor = new Supervisor({ runDir: paths.runDir });
      // Installed before boot, so Ctrl-C while seeding stops what has started (and keeps the process alive until then).
      const stop = stopSignals();
      const unwatch = watchParent((ppid) => stop.stop(`parent process ${ppid} went away`));
      let crashed = false;
      supervisor.onUnexpectedExit((svc, code, sig) => {
        process.stderr.write(`${svc.name} exited unexpectedly (${sig ?? `code ${code}`}); stopping the stage\n`);
        crashed = true;
        stop.stop(`${svc.name} exited`);
      });
      // A bug must not leave the stage running: an uncaught error stops it like a signal, then exits 1.
      let failed = false;
      const onError = (err: unknown): void => {
        process.stderr.write(`scaleladder: unexpected error: ${err instanceof Error ? err.message : String(err)}; stopping the stage\n`);
        failed = true;
        stop.stop('unexpected error');
      };
      process.on('uncaughtException', onError);
      process.on('unhandledRejection', onError);
      void stop.requested.then(() => supervisor.stopAll());
      try {
        const adminToken = flags.adminToken ?? randomBytes(16).toString('hex');
        const topology = normalizeTopology({
          balancer: flags.balancer as 'nginx' | undefined,
          algorithm: flags.algorithm as 'round-robin' | undefined,
          appProcesses: flags.appProcesses,
          readReplicas,
        });
        let booted;
        try {
          booted = await bootStage(composition, { runDir: paths.runDir, supervisor, seedLinks, adminToken, seed: 1, topology });
        } catch (e) {
          if (await settled(stop.requested)) return; // stopped while booting: the boot failure is the stop itself
          throw e;
        }
        process.stdout.write(`${booted.entryUrl}\n`);
        process.stderr.write(
          `stage ${stage} is up: ${booted.services.map((s) => `${s.name} pid ${s.pid}`).join(', ')}; ` +
            `${seedLinks.toLocaleString('en-US')} links seeded (ids 1..${seedLinks}); admin token ${adminToken}; logs in ${paths.runDir}/logs. Ctrl-C stops it.\n`,
        );
        const reason = await stop.requested;
        if (!/^SIG/.test(reason)) process.stderr.write(`scaleladder: ${reason}: stopping the stage\n`);
      } finally {
        await supervisor.stopAll();
        unwatch();
        stop.dispose();
        process.off('uncaughtException', onError);
        process.off('unhandledRejection', onError);
      }
      process.stderr.write(`stage ${stage} stopped\n`);
      if (crashed) setCommandExitCode(EXIT_STAGE_CRASHED);
      if (failed) setCommandExitCode(1);
    });
}

/** Whether p has already resolved (checked after pending callbacks ran). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
}
