// `scaleladder keys-moved`: on a real balancer over real app processes, the share of codes that move when one app joins.
import type { Command } from 'commander';
import { join } from 'node:path';
import { runPaths, runStamp } from '../bench/run-id.ts';
import { writeJsonAtomic } from '../results/write-result.ts';
import { UserError } from '../errors/user-error.ts';
import { intIn, typedOption } from './flag-parsers.ts';
import { measureKeysMoved } from '../placement/measure-keys-moved.ts';
import { seededCodes } from '../stages/seeded-codes.ts';
import { installShutdownHandlers } from '../supervisor/shutdown.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { parseBalancer, type ConfigAlgorithm } from '../../targets/balancer/algorithms.ts';
import { textTable } from '../render/text-table.ts';
import { percent } from '../render/format-units.ts';
import { keysMovedFile, stampToIso } from '../placement/keys-moved-file.ts';

const ALGORITHMS: ConfigAlgorithm[] = ['consistent-hash', 'modulo-hash', 'round-robin'];

export function registerKeysMoved(program: Command): void {
  program
    .command('keys-moved')
    .description('add one app process behind the real balancer and measure the share of codes answered by another process')
    .option('--balancer <name>', 'nginx | haproxy', 'nginx')
    .option('--algorithms <list>', `comma-separated, from ${ALGORITHMS.join(', ')}`, ALGORITHMS.join(','))
    .addOption(typedOption('--from <n>', 'app processes before', intIn(1, 15)).default(4))
    .addOption(typedOption('--to <n>', 'app processes after', intIn(2, 16)).default(5))
    .addOption(typedOption('--codes <n>', 'codes to place', intIn(10, 100_000)).default(1000))
    .option('--results-dir <dir>', 'where the JSON lands (a file per run under keys-moved/)', 'results')
    .option('--json', 'print the measurement as JSON instead of the table')
    .action(async (f: { balancer: string; algorithms: string; from: number; to: number; codes: number; resultsDir: string; json?: boolean }) => {
      const balancer = parseBalancer(f.balancer);
      const algorithms = f.algorithms.split(',').map((a) => a.trim()) as ConfigAlgorithm[];
      for (const a of algorithms) if (!ALGORITHMS.includes(a)) throw new UserError(`unknown algorithm "${a}" for keys-moved: use ${ALGORITHMS.join(', ')}`);
      const { from, to, codes: n } = f;
      if (to <= from) throw new UserError(`--to must be more than --from (got --from ${from} --to ${to})`);
      const stamp = runStamp();
      const paths = runPaths(f.resultsDir, 3, stamp, null);
      const supervisor = new Supervisor({ runDir: paths.runDir });
      const uninstall = installShutdownHandlers(() => supervisor.stopAll());
      const codes = seededCodes(1, n, 1);
      const rows: string[][] = [];
      const out = [];
      try {
        for (const algorithm of algorithms) {
          process.stderr.write(`measuring ${balancer} ${algorithm}: ${from} → ${to} app processes over ${n} codes…\n`);
          const r = await measureKeysMoved({ balancer, algorithm, codes, from, to, runDir: join(paths.runDir, algorithm), supervisor });
          out.push(r);
          rows.push([
            algorithm,
            percent(r.moved),
            r.meaningful ? percent(r.movedToNew) : '-',
            percent(r.baselineChurn),
            percent(r.expected.idealConsistent),
            percent(r.expected.moduloN),
            r.meaningful ? '' : 'no affinity: "moved" is churn',
          ]);
        }
      } finally {
        await supervisor.stopAll();
        uninstall();
      }
      // A file per run: a later run (another balancer, other counts) never overwrites an earlier one.
      const file = keysMovedFile(f.resultsDir, stamp, balancer);
      const record = { balancer, from, to, codes: n, startedAt: stampToIso(stamp), results: out };
      writeJsonAtomic(file, record);
      if (f.json) {
        process.stdout.write(`${JSON.stringify({ ...record, file }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        textTable(['algorithm', 'moved', 'to new app', 'churn unchanged', 'ideal 1-from/to', 'mod-N ref', 'note'], rows, {
          rightAlign: [false, true, true, true, true, true, false],
        }) + `\n(written to ${file})\n`,
      );
    });
}
