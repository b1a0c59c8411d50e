// `scaleladder doctor`: what is installed, and what each stage needs; `--stages` lists the stages that can boot here.
import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { toolVersion } from '../env/tool-versions.ts';
import { STAGE_NEEDS, skipLine, stageReadiness, toolPresent } from '../stages/stage-requirements.ts';
import { implementedStages } from '../stages/stage-registry.ts';
import { PROJECT_ROOT } from '../services/node-ts-command.ts';
import { textTable } from '../render/text-table.ts';
import { postgresVersion } from '../services/postgres-binaries.ts';

/** Each system package of scripts/system-deps and whether it is installed; [] where the script cannot run. */
export function systemPackages(): { pkg: string; installed: boolean }[] {
  const r = spawnSync('bash', [`${PROJECT_ROOT}scripts/system-deps`, '--status'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 2)
    .map(([pkg, status]) => ({ pkg, installed: status === 'installed' }));
}

export function doctorReport(): string {
  const tools = ['redis-server', 'redis-cli', 'nginx', 'haproxy', 'postgres', 'k6', 'taskset', 'chromium'];
  const versions: Record<string, string | null> = {};
  for (const t of tools) versions[t] = t === 'redis-cli' || t === 'postgres' ? (toolPresent(t) ? 'present' : null) : toolVersion(t);
  if (versions.postgres) versions.postgres = postgresVersion() ?? versions.postgres;
  const hints: Record<string, string> = {
    'redis-server': 'apt-get install redis-server',
    'redis-cli': 'apt-get install redis-tools',
    nginx: 'apt-get install nginx',
    haproxy: 'apt-get install haproxy',
    postgres: 'apt-get install postgresql (only for --db postgres)',
    k6: 'https://grafana.com/docs/k6/latest/set-up/install-k6/ (only for --driver k6)',
    taskset: 'apt-get install util-linux (CPU pinning; runs unpinned without it)',
    chromium: 'apt-get install chromium (only for the report browser test)',
  };
  const rows = tools.map((t) => [t, versions[t] ?? 'missing', versions[t] ? '' : hints[t]]);
  const impl = implementedStages();
  const ready = new Map(stageReadiness(impl).map((r) => [r.stage, r.missing]));
  const stageRows = Object.entries(STAGE_NEEDS).map(([stage, need]) => {
    const missing = ready.get(Number(stage));
    const status = missing === undefined ? 'not implemented yet' : missing.length ? `missing ${missing.map((t) => t.binary).join(', ')}` : 'ready';
    return [stage, status, need.what];
  });
  const pkgs = systemPackages();
  const absent = pkgs.filter((p) => !p.installed).map((p) => p.pkg);
  const pkgLine = pkgs.length === 0
    ? 'system packages: not checked (scripts/system-deps needs bash and dpkg)'
    : absent.length === 0
      ? `system packages for make test: all installed (${pkgs.map((p) => p.pkg).join(', ')})`
      : `system packages for make test: missing ${absent.join(', ')} (make test installs them as root; or: apt-get install -y ${absent.join(' ')})`;
  return [
    `node ${process.version} (${process.platform} ${process.arch})`,
    '',
    textTable(['tool', 'version', 'install'], rows, { rightAlign: [false, false, false] }),
    '',
    textTable(['stage', 'status', 'needs'], stageRows, { rightAlign: [false, false, false] }),
    '',
    `--db postgres, --read-replicas N (any stage; make bench DB=postgres): ${versions.postgres ? `ready (PostgreSQL ${versions.postgres})` : 'missing PostgreSQL: apt-get install postgresql'}`,
    '',
    pkgLine,
    '',
  ].join('\n');
}

/** `doctor --stages`: the stages that can boot on stdout (one line, for scripts); one line per skipped stage on stderr. */
export function printBootableStages(db?: string): void {
  const readiness = stageReadiness(implementedStages(), { db });
  for (const r of readiness) if (r.missing.length) process.stderr.write(`scaleladder: ${skipLine(r)}\n`);
  process.stdout.write(`${readiness.filter((r) => r.missing.length === 0).map((r) => r.stage).join(' ')}\n`);
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('what is installed, and what each stage needs')
    .option('--stages', 'print only the numbers of the stages that can boot here (for scripts); why the others cannot goes to stderr')
    .option('--db <backend>', "with --stages: the stages that can boot with this database (sqlite | postgres; 'make bench DB=postgres')")
    .action((flags: { stages?: boolean; db?: string }) => {
      if (flags.stages) printBootableStages(flags.db);
      else process.stdout.write(doctorReport());
    });
}
