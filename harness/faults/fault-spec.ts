// Pure: the faults `--fault` knows, which stages can take each, and parsing of `<name>[@<at>][+<for>]` into specs.
import { parseDurationS } from '../../loadtests/workload/text-units.ts';
import type { ComponentId } from '../stages/components.ts';
import { STAGE_DEFINITIONS } from '../stages/stage-definitions.ts';

export const FAULT_KINDS = ['kill-app', 'stop-redis', 'hot-key-expiry', 'origin-down', 'writer-contention', 'fill-cache', 'add-app', 'watch-hot-key', 'redis-info'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault as the user wrote it; `atS`/`forS` are filled with defaults by `resolveFaults`. */
export interface FaultSpec {
  kind: FaultKind;
  /** When to apply it, seconds into the faulted step (default: a quarter of the step). */
  atS?: number;
  /** How long the outage (or the key-deletion storm) lasts before the restart, s (default: 2 s, at most 40 % of the step). */
  forS?: number;
}

export type ResolvedFaultSpec = Required<FaultSpec>;

export interface FaultKindInfo {
  /** What the stage must have: every inner list needs one of its components. */
  requires: ComponentId[][];
  /** What the stage needs for it, for the error message. */
  needs: string;
  /** Takes @at and +for (false: the fault covers the whole step). */
  timed: boolean;
  /** One line for --help and docs. */
  what: string;
}

export const FAULT_CATALOG: Readonly<Record<FaultKind, FaultKindInfo>> = {
  'kill-app': { requires: [['balancer']], needs: 'a balancer over several app processes', timed: true, what: 'SIGKILL app-1, restart it on its port after +for' },
  'stop-redis': { requires: [['redis', 'redis-cluster']], needs: 'Redis', timed: true, what: 'SIGKILL redis-server, restart it (empty) on its port after +for' },
  'hot-key-expiry': { requires: [['redis', 'redis-cluster']], needs: 'Redis', timed: true, what: "delete the hottest code's Redis key every 50 ms for +for; count the DB reads it causes" },
  'origin-down': { requires: [['cdn'], ['balancer']], needs: 'a CDN in front of the origin', timed: true, what: 'SIGKILL the balancer behind the CDN, restart it after +for' },
  'fill-cache': { requires: [['redis', 'redis-cluster']], needs: 'Redis', timed: true, what: 'empty Redis and request every seeded code once in a burst at @at (within +for): keys filled together' },
  'add-app': {
    requires: [['balancer']],
    needs: 'a balancer over app processes',
    timed: true,
    what: 'one more app joins the balancer at @at (graceful reload) and leaves +for later; DB reads, misses, p99 and recovery around each change',
  },
  'watch-hot-key': { requires: [['redis', 'redis-cluster']], needs: 'Redis', timed: false, what: "no fault: count the fills and natural expiries of the hottest code's Redis key over the step" },
  'redis-info': { requires: [['redis', 'redis-cluster']], needs: 'Redis', timed: false, what: "no fault: Redis's INFO over the step (evicted keys, keyspace hits and misses, used memory)" },
  'writer-contention': { requires: [['balancer']], needs: 'several app processes writing one database (a SQLite file, shards, or PostgreSQL)', timed: false, what: 'the whole step at one write per read (readWriteRatio 1)' },
};

const SYNTAX = /^([a-z-]+)(?:@([^+]+))?(?:\+(.+))?$/;

/** One spec from `kill-app`, `kill-app@1.5`, `kill-app@1.5+3`, `stop-redis@500ms+2s`; throws RangeError with the rule. */
export function parseFaultSpec(text: string): FaultSpec {
  const t = text.trim();
  const m = SYNTAX.exec(t);
  if (!m) throw new RangeError(`"${text}" is not a fault: use <name>[@<seconds into the step>][+<seconds down>], e.g. kill-app@1.5+2`);
  const kind = m[1];
  if (!isFaultKind(kind)) throw new RangeError(`unknown fault "${kind}" (known: ${FAULT_KINDS.join(', ')})`);
  const spec: FaultSpec = { kind };
  if (m[2] !== undefined) spec.atS = seconds(m[2], text);
  if (m[3] !== undefined) spec.forS = seconds(m[3], text);
  return spec;
}

/** Specs from repeated flags, each possibly a comma list. */
export function parseFaultList(values: readonly string[]): FaultSpec[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean).map(parseFaultSpec);
}

/** Back to the flag form, e.g. 'kill-app@1.5+2' (recorded in the run's config). */
export function formatFaultSpec(s: FaultSpec): string {
  return `${s.kind}${s.atS !== undefined ? `@${s.atS}` : ''}${s.forS !== undefined ? `+${s.forS}` : ''}`;
}

/** A resolved spec for the run's config: timed faults with their times, whole-step ones by name. */
export function formatResolvedFault(s: ResolvedFaultSpec): string {
  return FAULT_CATALOG[s.kind].timed ? formatFaultSpec(s) : s.kind;
}

export function isFaultKind(k: string): k is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(k);
}

/** Whether a stage with these components can take `kind`. */
export function faultFits(kind: FaultKind, has: (c: ComponentId) => boolean): boolean {
  return FAULT_CATALOG[kind].requires.every((anyOf) => anyOf.some(has));
}

/** Stages (by their default parts) that can take `kind`, as words: "3, 4 or 5". */
export function stagesFor(kind: FaultKind): string {
  const list = STAGE_DEFINITIONS.filter((d) => faultFits(kind, (c) => d.components.includes(c))).map((d) => String(d.stage));
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

function seconds(v: string, text: string): number {
  try {
    return parseDurationS(v);
  } catch {
    throw new RangeError(`"${text}": "${v}" is not a time; use seconds (1.5) or a duration (500ms, 2s)`);
  }
}
