// `scaleladder doctor`: what is installed, and what each stage needs.
import type { Command } from 'commander';
import { toolVersion } from '../env/tool-versions.ts';
import { implementedStages } from '../stages/stage-registry.ts';
import { textTable } from '../render/text-table.ts';
import { findOnPath } from '../supervisor/find-binary.ts';
import { postgresVersion } from '../services/postgres-binaries.ts';

const NEEDS: { stage: string; tools: string[]; what: string }[] = [
  { stage: '1', tools: [], what: 'Node + npm only (SQLite is embedded through better-sqlite3)' },
  { stage: '2', tools: ['redis-server'], what: '+ redis-server (apt-get install redis-server)' },
  { stage: '3', tools: ['redis-server', 'nginx', 'haproxy'], what: '+ nginx (default) or haproxy (apt-get install nginx haproxy)' },
  { stage: '4', tools: ['redis-server', 'nginx'], what: '+ the CDN emulator (this project)' },
  { stage: '5', tools: ['redis-server', 'redis-cli', 'nginx'], what: '+ redis-cli for cluster creation (apt-get install redis-tools)' },
];

export function doctorReport(): string {
  const tools = ['redis-server', 'redis-cli', 'nginx', 'haproxy', 'k6', 'taskset', 'chromium'];
  const versions: Record<string, string | null> = {};
  for (const t of tools) versions[t] = t === 'redis-cli' ? (findOnPath('redis-cli') ? 'present' : null) : toolVersion(t);
  versions.postgresql = postgresVersion();
  const hints: Record<string, string> = {
    'redis-server': 'apt-get install redis-server',
    'redis-cli': 'apt-get install redis-tools',
    nginx: 'apt-get install nginx',
    haproxy: 'apt-get install haproxy',
    k6: 'https://grafana.com/docs/k6/latest/set-up/install-k6/ (only for --driver k6)',
    taskset: 'apt-get install util-linux (CPU pinning; runs unpinned without it)',
    chromium: 'apt-get install chromium (only for the report browser test)',
    postgresql: 'apt-get install postgresql (only for --db postgres)',
  };
  const rows = [...tools, 'postgresql'].map((t) => [t, versions[t] ?? 'missing', versions[t] ? '' : hints[t]]);
  const impl = implementedStages();
  const stageRows = NEEDS.map((n) => {
    const missing = n.tools.filter((t) => !versions[t]);
    const ready = !impl.includes(Number(n.stage)) ? 'not implemented yet' : missing.length ? `missing ${missing.join(', ')}` : 'ready';
    return [n.stage, ready, n.what];
  });
  return [
    `node ${process.version} (${process.platform} ${process.arch})`,
    '',
    textTable(['tool', 'version', 'install'], rows, { rightAlign: [false, false, false] }),
    '',
    textTable(['stage', 'status', 'needs'], stageRows, { rightAlign: [false, false, false] }),
    '',
    `--db postgres, --read-replicas N (any stage; 'make bench DB=postgres'): ${versions.postgresql ? `ready (PostgreSQL ${versions.postgresql}: initdb, postgres, pg_basebackup)` : 'missing PostgreSQL: apt-get install postgresql'}`,
    '',
  ].join('\n');
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('what is installed, and what each stage needs')
    .option('--stages', 'print only the numbers of the stages that can boot (for scripts)')
    .action((flags: { stages?: boolean }) => {
      process.stdout.write(flags.stages ? `${implementedStages().join(' ')}\n` : doctorReport());
    });
}
