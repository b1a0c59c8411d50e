// The parts a stage can be composed of, as data: what each is, the machine role it runs on, and what it needs.
import { UserError } from '../errors/user-error.ts';

export const COMPONENT_IDS = ['sqlite', 'shards', 'redis', 'redis-cluster', 'local-lru', 'balancer', 'cdn', 'write-behind', 'write-through', 'postgres'] as const;
export type ComponentId = (typeof COMPONENT_IDS)[number];

/** Machine roles of the scale model (defined once, by the machines module). */
export type { MachineRole } from '../machines/index.ts';

export interface ComponentInfo {
  /** One line for --help, errors and the results. */
  what: string;
  /** Components it cannot work without (any one of each inner list). */
  requires?: ComponentId[][];
  /** Components it replaces: they cannot be in the same stage. */
  excludes?: ComponentId[];
}

export const COMPONENTS: Readonly<Record<ComponentId, ComponentInfo>> = {
  sqlite: { what: 'one SQLite file (WAL) shared by the app processes', excludes: ['shards', 'postgres'] },
  shards: { what: 'the links sharded by consistent hashing on the code over K SQLite files, or K PostgreSQL servers with postgres (id blocks)', excludes: ['sqlite'] },
  redis: { what: 'a redis-server, read through cache-aside by the apps (TTL jitter, single-flight, XFetch)', excludes: ['redis-cluster'] },
  'redis-cluster': { what: 'a Redis Cluster of N masters as the distributed cache', excludes: ['redis'] },
  'local-lru': { what: "an in-process LRU in each app in front of Redis", requires: [['redis', 'redis-cluster']] },
  balancer: { what: 'a real nginx or HAProxy over N app processes' },
  cdn: { what: 'the CDN emulator in front (edge PoPs per region, shield, purge), geography emulated' },
  'write-behind': { what: 'click counts batched in memory and flushed every interval instead of one UPDATE per redirect', excludes: ['write-through'] },
  'write-through': {
    what: 'each click written to Redis (INCR) and to the database before the redirect is answered',
    requires: [['redis', 'redis-cluster']],
    excludes: ['write-behind'],
  },
  postgres: {
    what: 'a PostgreSQL server on a machine of its own (role db), with --read-replicas N streaming replicas, each its own machine; with shards, K servers',
    excludes: ['sqlite'],
  },
};

export function parseComponentList(flag: string, text: string | readonly string[] | undefined): ComponentId[] {
  if (text === undefined) return [];
  const items = (typeof text === 'string' ? [text] : text).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  for (const c of items) {
    if (!(COMPONENT_IDS as readonly string[]).includes(c)) {
      throw new UserError(`${flag}: unknown component "${c}" (known: ${COMPONENT_IDS.join(', ')})`);
    }
  }
  return items as ComponentId[];
}
