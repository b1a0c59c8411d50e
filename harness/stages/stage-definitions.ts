// The ladder as data: each stage is the previous one plus one change, and --with/--without edit a stage's parts.
import { UserError } from '../errors/user-error.ts';
import { COMPONENTS, type ComponentId } from './components.ts';

export interface StageDefinition {
  stage: number;
  title: string;
  /** The seed row it answers. */
  answers: string;
  /** What this rung changes against the one below (the fix it buys). */
  change: string;
  components: readonly ComponentId[];
}

export const STAGE_DEFINITIONS: readonly StageDefinition[] = [
  { stage: 1, title: 'one app + SQLite', answers: '0–1K users', change: 'baseline', components: ['sqlite'] },
  { stage: 2, title: '+ Redis cache-aside', answers: '1K–10K: DB read bottleneck', change: '+ redis', components: ['sqlite', 'redis'] },
  {
    stage: 3,
    title: '+ load balancer over N apps',
    answers: '10K–100K: app CPU ceiling',
    change: '+ balancer (N apps), + local LRU',
    components: ['sqlite', 'redis', 'local-lru', 'balancer'],
  },
  { stage: 4, title: '+ CDN', answers: '100K–500K: miss spikes, far users', change: '+ cdn', components: ['sqlite', 'redis', 'local-lru', 'balancer', 'cdn'] },
  {
    stage: 5,
    title: '+ distributed cache and shards',
    answers: '500K–1M: DB write ceiling',
    change: 'redis → redis-cluster, sqlite → shards, + write-behind',
    components: ['shards', 'redis-cluster', 'local-lru', 'balancer', 'cdn', 'write-behind'],
  },
];

/** A stage as booted: its number (the rung it is based on) and the parts it has. Code asks `has`, never the number. */
export interface StageComposition {
  stage: number;
  components: readonly ComponentId[];
  /** Components added or removed against the stage's definition (recorded in results, part of the config hash). */
  with: readonly ComponentId[];
  without: readonly ComponentId[];
  has(c: ComponentId): boolean;
}

export function stageDefinition(stage: number): StageDefinition {
  const d = STAGE_DEFINITIONS.find((s) => s.stage === stage);
  if (!d) throw new UserError(`--stage must be one of ${STAGE_DEFINITIONS.map((s) => s.stage).join(', ')} (got ${stage})`);
  return d;
}

/** The stage's parts with --with/--without applied; a part that lacks what it needs is a one-line error. */
export function composeStage(stage: number, add: readonly ComponentId[] = [], remove: readonly ComponentId[] = []): StageComposition {
  const def = stageDefinition(stage);
  for (const c of add) if (remove.includes(c)) throw new UserError(`--with ${c} and --without ${c} contradict each other: give one`);
  const set = new Set<ComponentId>(def.components);
  for (const c of remove) {
    if (!set.has(c)) throw new UserError(`--without ${c}: stage ${stage} has no ${c} (it has ${[...set].join(', ')})`);
    set.delete(c);
  }
  for (const c of add) {
    if (set.has(c)) throw new UserError(`--with ${c}: stage ${stage} already has ${c}`);
    for (const x of COMPONENTS[c].excludes ?? []) set.delete(x);
    set.add(c);
  }
  if (!set.has('sqlite') && !set.has('shards') && !set.has('postgres')) set.add('sqlite');
  for (const c of set) {
    for (const anyOf of COMPONENTS[c].requires ?? []) {
      if (!anyOf.some((r) => set.has(r))) {
        throw new UserError(`stage ${stage} with ${c} needs ${anyOf.join(' or ')}: add it with --with ${anyOf[0]} or drop ${c} with --without ${c}`);
      }
    }
  }
  // Definition order first, then additions, so equal compositions print (and hash) the same.
  const order = [...def.components, ...add];
  const components = [...new Set(order)].filter((c) => set.has(c));
  if (set.has('sqlite') && !components.includes('sqlite')) components.unshift('sqlite');
  const has = (c: ComponentId) => set.has(c);
  return { stage, components, with: [...add], without: [...remove], has };
}

/** How a composition is written in results and tables: 'stage 3' or 'stage 3 without local-lru'. */
export function describeComposition(c: Pick<StageComposition, 'stage' | 'with' | 'without'>): string {
  const parts = [`stage ${c.stage}`];
  if (c.with.length) parts.push(`with ${c.with.join(', ')}`);
  if (c.without.length) parts.push(`without ${c.without.join(', ')}`);
  return parts.join(' ');
}
