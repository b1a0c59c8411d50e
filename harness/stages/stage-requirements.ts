// What each stage needs from the system (the one table of it), and which stages can boot on this machine.
// Derived from the stages' components: a component names the binaries it runs, a stage is its components.
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../measure/find-binary.ts';
import type { ComponentId } from './components.ts';
import { STAGE_DEFINITIONS } from './stage-definitions.ts';

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

/** Component → the binaries it runs ('balancer' means nginx unless --balancer haproxy; 'postgres' is --db postgres). */
export const COMPONENT_BINARIES: Record<ComponentId | 'postgres', string[]> = {
  sqlite: [],
  shards: [],
  'local-lru': [],
  cdn: [],
  'write-behind': [],
  redis: ['redis-server'],
  'redis-cluster': ['redis-server', 'redis-cli'],
  balancer: ['nginx'],
  postgres: ['postgres'],
};

/** Stage → its components, from the stage definitions (the ladder as data). */
export const STAGE_COMPONENTS: Record<number, readonly string[]> = Object.fromEntries(STAGE_DEFINITIONS.map((d) => [d.stage, d.components]));

/** Stage → a phrase for `doctor` (what the stage adds that must be installed). */
export const STAGE_NEEDS: Record<number, { what: string }> = {
  1: { what: 'Node + npm only (SQLite is embedded through better-sqlite3)' },
  2: { what: '+ redis-server (apt-get install redis-server)' },
  3: { what: '+ nginx (default) or haproxy with --balancer haproxy (apt-get install nginx haproxy)' },
  4: { what: '+ the CDN emulator (this project)' },
  5: { what: '+ redis-cli for cluster creation (apt-get install redis-tools)' },
};

/** Options that change what a stage needs. */
export interface StageNeedOptions {
  /** The balancer component runs haproxy instead of nginx. */
  balancer?: 'nginx' | 'haproxy';
  /** 'postgres' adds the PostgreSQL server. */
  db?: string;
  /** Components added to / removed from the stage's own (--with / --without). */
  with?: readonly string[];
  without?: readonly string[];
}

/** The binaries a set of components runs, each once, in first-needed order (an unknown component needs nothing). */
export function componentNeeds(components: readonly string[], o: Pick<StageNeedOptions, 'balancer'> = {}): ToolNeed[] {
  const binaries: string[] = [];
  for (const c of components) {
    for (const b of (COMPONENT_BINARIES as Record<string, string[]>)[c] ?? []) {
      const binary = b === 'nginx' && o.balancer === 'haproxy' ? 'haproxy' : b;
      if (!binaries.includes(binary)) binaries.push(binary);
    }
  }
  return binaries.map((binary) => ({ binary, pkg: TOOL_PACKAGES[binary] ?? binary }));
}

/** The binaries stage `stage` runs (an unknown stage needs nothing we know of). */
export function stageNeeds(stage: number, o: StageNeedOptions = {}): ToolNeed[] {
  const components = [...(STAGE_COMPONENTS[stage] ?? []), ...(o.with ?? [])].filter((c) => !(o.without ?? []).includes(c));
  if (o.db === 'postgres') components.push('postgres');
  return componentNeeds(components, o);
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
