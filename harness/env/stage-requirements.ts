// What each stage needs from the system (the one table of it), and which stages can boot on this machine.
// Kept in one place so it can later be derived from the stages' components.
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../supervisor/find-binary.ts';

/** A system binary a stage runs, and the Debian package it comes from. */
export interface ToolNeed {
  binary: string;
  pkg: string;
}

/** Binary → Debian package (the names scripts/system-deps checks). */
export const TOOL_PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  nginx: 'nginx',
  haproxy: 'haproxy',
  postgres: 'postgresql',
};

/** Stage → the binaries it runs with its default topology, and a phrase for `doctor`. */
export const STAGE_NEEDS: Record<number, { binaries: string[]; what: string }> = {
  1: { binaries: [], what: 'Node + npm only (SQLite is embedded through better-sqlite3)' },
  2: { binaries: ['redis-server'], what: '+ redis-server (apt-get install redis-server)' },
  3: { binaries: ['redis-server', 'nginx'], what: '+ nginx (default) or haproxy with --balancer haproxy (apt-get install nginx haproxy)' },
  4: { binaries: ['redis-server', 'nginx'], what: '+ the CDN emulator (this project)' },
  5: { binaries: ['redis-server', 'redis-cli', 'nginx'], what: '+ redis-cli for cluster creation (apt-get install redis-tools)' },
};

/** Options that change what a stage needs. */
export interface StageNeedOptions {
  /** Stage 3+: the balancer replaces nginx in the list. */
  balancer?: 'nginx' | 'haproxy';
  /** 'postgres' adds the PostgreSQL server. */
  db?: string;
}

/** The binaries stage `stage` runs (an unknown stage needs nothing we know of). */
export function stageNeeds(stage: number, o: StageNeedOptions = {}): ToolNeed[] {
  let binaries = [...(STAGE_NEEDS[stage]?.binaries ?? [])];
  if (o.balancer === 'haproxy') binaries = binaries.map((b) => (b === 'nginx' ? 'haproxy' : b));
  if (o.db === 'postgres') binaries.push('postgres');
  return binaries.map((binary) => ({ binary, pkg: TOOL_PACKAGES[binary] ?? binary }));
}

/** Where to look for binaries (tests point these at a fake system). */
export interface LocateOptions {
  pathEnv?: string;
  /** Debian keeps the PostgreSQL server off PATH, in <pgRoot>/<major>/bin (default /usr/lib/postgresql). */
  pgRoot?: string;
}

/** Whether `binary` can be run here. */
export function toolPresent(binary: string, o: LocateOptions = {}): boolean {
  const pathEnv = o.pathEnv ?? process.env.PATH ?? '';
  if (binary === 'postgres') {
    const root = o.pgRoot ?? '/usr/lib/postgresql';
    let majors: string[] = [];
    try {
      majors = fs.readdirSync(root);
    } catch {
      /* no Debian server package */
    }
    if (majors.some((m) => findOnPath(path.join(root, m, 'bin', 'postgres')) !== undefined)) return true;
  }
  return findOnPath(binary, { pathEnv }) !== undefined;
}

export interface StageReadiness {
  stage: number;
  /** Empty when the stage can boot. */
  missing: ToolNeed[];
}

/** For each stage, the binaries it needs that are missing here. */
export function stageReadiness(stages: number[], o: LocateOptions & StageNeedOptions = {}): StageReadiness[] {
  return stages.map((stage) => ({ stage, missing: stageNeeds(stage, o).filter((t) => !toolPresent(t.binary, o)) }));
}

/** One line saying why a stage is skipped, naming the binaries and the install command. */
export function skipLine(r: StageReadiness): string {
  const pkgs = [...new Set(r.missing.map((t) => t.pkg))];
  return `stage ${r.stage} skipped: ${r.missing.map((t) => t.binary).join(', ')} not found (install: apt-get install ${pkgs.join(' ')})`;
}
