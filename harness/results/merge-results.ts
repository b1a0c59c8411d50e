// Merges the results of several load-generator hosts of ONE run: histograms added (never percentiles averaged), counts summed.
import { UserError } from '../errors/user-error.ts';
import { decodeHistogram, encodeHistogram, mergeHistograms, type Histogram } from '../measure/histogram.ts';
import { canonicalJson, configHash } from './config-hash.ts';
import { countedLatencyRecord, latencyRecord, sloVerdict, stepErrorRate } from './step-arithmetic.ts';
import type { IntervalHistogram, ProcessCost, RunResult, SloSpec, StepResult } from './result-types.ts';
import type { ConfigTier, RunConfig } from './run-config.ts';
import { figureEntries, type StepFigureName, type StepFigures } from '../measure/step-figures.ts';

/**
 * Config fields that may differ between the generator hosts of one run: their own concurrency (`threads`,
 * `connections`) and each host's share of the rate (`tiers[].rate`, `tiers[].derivation`). Everything else must match.
 */
export const GENERATOR_CONFIG_FIELDS = ['threads', 'connections', 'tiers[].rate', 'tiers[].derivation'] as const;

/** The config with the generator-specific fields left out. */
export function comparableConfig(config: RunConfig): Omit<RunConfig, 'threads' | 'connections' | 'tiers'> & { tiers?: Omit<ConfigTier, 'rate' | 'derivation'>[] } {
  const { threads: _t, connections: _c, tiers, ...rest } = config;
  // Old or hand-made results may lack tiers: compare what there is.
  return Array.isArray(tiers) ? { ...rest, tiers: tiers.map(({ rate: _r, derivation: _d, ...keep }) => keep) } : rest;
}

/** First few paths where two JSON values differ, e.g. ["workload.zipfSkew: 1 vs 1.2"]. */
export function configDifferences(a: unknown, b: unknown, path = '', out: string[] = [], max = 3): string[] {
  if (out.length >= max || canonicalJson(a) === canonicalJson(b)) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      configDifferences(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out, max);
    }
    return out;
  }
  const show = (v: unknown) => (v === undefined ? 'absent' : canonicalJson(v).slice(0, 60));
  out.push(`${path || '(config)'}: ${show(a)} vs ${show(b)}`);
  return out;
}

function label(r: RunResult, i: number): string {
  return `result ${i + 1} (${r.env?.hostname ?? 'unknown host'})`;
}

function stepList(r: RunResult): string {
  return r.steps.map((s) => `${s.tier}/${s.kind}`).join(', ') || 'no steps';
}

/** Refuses, naming what differs, unless every result is of the same run: schema, stage, config, steps. */
function checkSameRun(results: RunResult[]): void {
  const [first] = results;
  results.forEach((r, i) => {
    if (i === 0) return;
    const who = label(r, i);
    const base = label(first, 0);
    if (r.schemaVersion !== first.schemaVersion) throw new UserError(`cannot merge: ${who} has result schema ${r.schemaVersion}, ${base} has ${first.schemaVersion}; re-run with one harness version`);
    if (r.stage !== first.stage) throw new UserError(`cannot merge: ${who} is of stage ${r.stage}, ${base} of stage ${first.stage}; merge only results of one run`);
    if (r.configHash !== first.configHash) {
      const diff = configDifferences(comparableConfig(first.config), comparableConfig(r.config));
      if (diff.length > 0) throw new UserError(`cannot merge: ${who} has another config than ${base} (${diff.join('; ')}); merge only results of one run`);
    }
    const same = r.steps.length === first.steps.length && r.steps.every((s, j) => s.tier === first.steps[j].tier && s.kind === first.steps[j].kind);
    if (!same) throw new UserError(`cannot merge: ${who} has steps [${stepList(r)}], ${base} has [${stepList(first)}]; merge only results of one run`);
    r.steps.forEach((s, j) => {
      const f = first.steps[j];
      if (s.model !== f.model || s.driver !== f.driver) {
        throw new UserError(`cannot merge: step ${j + 1} (${s.tier}) of ${who} ran ${s.driver}/${s.model}, ${base} ran ${f.driver}/${f.model}; use one driver on every host`);
      }
    });
  });
}

/** The hosts' histograms of one measure, added. */
function addHistograms(b64s: string[]): Histogram {
  return mergeHistograms(b64s.map(decodeHistogram));
}

function sumMaps(maps: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Intervals with the same startMs (ms since each host's step start) are one second of the run: their histograms add up. */
function mergeIntervals(lists: IntervalHistogram[][]): IntervalHistogram[] {
  const byStart = new Map<number, IntervalHistogram[]>();
  for (const list of lists) for (const iv of list) byStart.set(iv.startMs, [...(byStart.get(iv.startMs) ?? []), iv]);
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([startMs, ivs]) => ({ startMs, endMs: Math.max(...ivs.map((i) => i.endMs)), histogram: encodeHistogram(addHistograms(ivs.map((i) => i.histogram))) }));
}

function perRequest(cpuSeconds: number, completed: number): number {
  return completed > 0 ? Math.round(((cpuSeconds * 1000) / completed) * 1e5) / 1e5 : 0;
}

/**
 * Target processes seen by several hosts are one process (same name and pid): kept once, with the largest account.
 * Its cost per request is over every host's requests, since it served them all.
 */
function mergeProcesses(lists: ProcessCost[][], completed: number): ProcessCost[] {
  const byKey = new Map<string, ProcessCost>();
  for (const list of lists) {
    for (const p of list) {
      const key = `${p.name}\0${p.pid}`;
      const had = byKey.get(key);
      if (!had || p.cpuSeconds > had.cpuSeconds) byKey.set(key, p);
    }
  }
  return [...byKey.values()].map((p) => ({ ...p, cpuMsPerRequest: perRequest(p.cpuSeconds, completed) }));
}

/** The generators of all hosts as one: CPU and utilization (cores) summed, peak RSS the largest. */
function mergeLoadgen(gens: ProcessCost[], completed: number): ProcessCost {
  const cpuSeconds = gens.reduce((a, g) => a + g.cpuSeconds, 0);
  const cpus = gens.map((g) => g.cpus).filter((c) => c !== undefined);
  return {
    name: [...new Set(gens.map((g) => g.name))].join('+'),
    role: gens[0].role,
    pid: gens[0].pid,
    cpuSeconds,
    utilization: gens.reduce((a, g) => a + g.utilization, 0),
    rssPeakBytes: Math.max(...gens.map((g) => g.rssPeakBytes)),
    cpuMsPerRequest: perRequest(cpuSeconds, completed),
    ...(cpus.length > 0 ? { cpus: cpus.join(' | ') } : {}),
  };
}


/** Figures are ratios or counts of unknown kind: equal values stay, others become the completed-weighted mean. */
function mergeFigures(steps: StepResult[]): StepFigures {
  const out: StepFigures = {};
  const keys = new Set<StepFigureName>(steps.flatMap((s) => figureEntries(s.figures).map(([k]) => k)));
  for (const k of keys) {
    const having = steps.flatMap((s) => (typeof s.figures[k] === 'number' ? [{ v: s.figures[k], completed: s.requests.completed }] : []));
    const values = having.map((h) => h.v);
    if (values.every((v) => v === values[0])) out[k] = values[0];
    else {
      const w = having.reduce((a, h) => a + h.completed, 0);
      out[k] = w > 0 ? having.reduce((a, h) => a + h.v * h.completed, 0) / w : values.reduce((a, b) => a + b, 0) / values.length;
    }
  }
  return out;
}

function mergeSteps(steps: StepResult[], slo: SloSpec | undefined): StepResult {
  const [f] = steps;
  const sum = (pick: (s: StepResult) => number) => steps.reduce((a, s) => a + pick(s), 0);
  const requests = { sent: sum((s) => s.requests.sent), completed: sum((s) => s.requests.completed), lateSends: sum((s) => s.requests.lateSends), dropped: sum((s) => s.requests.dropped) };
  const errors = sumMaps(steps.map((s) => s.errors));
  const { latencyUs, histogram } = latencyRecord(addHistograms(steps.map((s) => s.histogram)));
  const errorRate = stepErrorRate(requests.completed, requests.dropped, errors);
  const byEndpoint: StepResult['byEndpoint'] = {};
  for (const ep of [...new Set(steps.flatMap((s) => Object.keys(s.byEndpoint)))].sort()) {
    byEndpoint[ep] = countedLatencyRecord(addHistograms(steps.filter((s) => s.byEndpoint[ep]).map((s) => s.byEndpoint[ep].histogram)));
  }
  const reasons = [...new Set(steps.map((s) => s.loadgenBoundReason).filter((r) => r !== undefined))];
  const bottlenecks = [...new Set(steps.map((s) => s.bottleneck).filter((b) => b !== undefined))];
  const merged: StepResult = {
    tier: f.tier,
    users: f.users,
    kind: f.kind,
    model: f.model,
    driver: f.driver,
    targetRate: steps.every((s) => s.targetRate !== null) ? sum((s) => s.targetRate ?? 0) : null,
    achievedRate: Math.round(sum((s) => s.achievedRate) * 100) / 100,
    durationS: Math.max(...steps.map((s) => s.durationS)),
    connections: sum((s) => s.connections),
    requests,
    statusCounts: sumMaps(steps.map((s) => s.statusCounts)),
    errors,
    errorRate,
    latencyUs,
    histogram,
    byEndpoint,
    intervals: mergeIntervals(steps.map((s) => s.intervals)),
    processes: mergeProcesses(steps.map((s) => s.processes), requests.completed),
    loadgen: mergeLoadgen(steps.map((s) => s.loadgen), requests.completed),
    loadgenBound: steps.some((s) => s.loadgenBound),
    // Without the SLO in the config, a merged step passes only if every host's step passed.
    slo: slo
      ? sloVerdict(slo, latencyUs.p99, errorRate, requests.completed)
      : { pass: steps.every((s) => s.slo.pass), p99Ms: latencyUs.p99 / 1000, errorRate, reasons: [...new Set(steps.flatMap((s) => s.slo.reasons))] },
    figures: mergeFigures(steps),
  };
  if (steps.every((s) => s.uncorrected)) {
    merged.uncorrected = latencyRecord(addHistograms(steps.map((s) => s.uncorrected!.histogram)));
  }
  if (steps.every((s) => s.schedulingLag)) {
    merged.schedulingLag = latencyRecord(addHistograms(steps.map((s) => s.schedulingLag!.histogram)));
  }
  if (reasons.length > 0) merged.loadgenBoundReason = reasons.join('; ');
  if (bottlenecks.length > 0) merged.bottleneck = bottlenecks.join('; ');
  if (steps.some((s) => s.aborted)) merged.aborted = true;
  return merged;
}

/** The run's config as all hosts together ran it: concurrency and per-tier rates summed (the hash is recomputed). */
function mergedConfig(results: RunResult[]): RunConfig {
  const out: RunConfig = structuredClone(results[0].config);
  const threads = results.map((r) => r.config.threads);
  if (threads.every((v) => typeof v === 'number')) out.threads = threads.reduce((a, b) => a + b, 0);
  const connections = results.map((r) => r.config.connections);
  if (connections.every((v) => typeof v === 'number')) out.connections = connections.reduce((a, b) => a + b, 0);
  if (Array.isArray(out.tiers)) {
    out.tiers = out.tiers.map((t, j) => {
      const rates = results.map((r) => r.config.tiers?.[j]?.rate);
      return rates.every((v) => typeof v === 'number') ? { ...t, rate: rates.reduce((a, b) => a + b, 0) } : t;
    });
  }
  out.generators = results.map((r) => r.env.hostname);
  return out;
}

/** The run's SLO (results written before the SLO was recorded have none). */
function sloOf(config: RunConfig): SloSpec | undefined {
  const s: Partial<SloSpec> | undefined = config.slo;
  return s && typeof s.p99Ms === 'number' && typeof s.errorRate === 'number' ? { p99Ms: s.p99Ms, errorRate: s.errorRate } : undefined;
}

/**
 * One RunResult out of several hosts' results of one run. Steps are matched by position and must agree on tier and
 * kind. Run-level facts: the first result's env (hostnames joined), earliest start, latest finish; the config gets the
 * summed rates and concurrency plus `generators` (the hostnames), and its hash is recomputed; a knee search is per
 * generator and is not carried over.
 */
export function mergeResults(results: RunResult[]): RunResult {
  if (results.length === 0) throw new UserError('merge needs at least one result file');
  checkSameRun(results);
  const [first] = results;
  const slo = sloOf(first.config);
  const commits = new Set(results.map((r) => r.commit));
  const abortReasons = [...new Set(results.map((r) => r.abortReason).filter((a) => a !== undefined))];
  const config = mergedConfig(results);
  const merged: RunResult = {
    ...first,
    config,
    configHash: configHash(config),
    env: { ...first.env, hostname: [...new Set(results.map((r) => r.env.hostname))].join('+') },
    commit: commits.size === 1 ? first.commit : null,
    dirty: results.some((r) => r.dirty === true) ? true : results.every((r) => r.dirty === false) ? false : null,
    startedAt: results.map((r) => r.startedAt).sort()[0],
    finishedAt: results.map((r) => r.finishedAt).sort().at(-1)!,
    aborted: results.some((r) => r.aborted),
    emulated: [...new Set(results.flatMap((r) => r.emulated))],
    bootMs: Math.max(...results.map((r) => r.bootMs)),
    steps: first.steps.map((_, j) => mergeSteps(results.map((r) => r.steps[j]), slo)),
  };
  delete merged.knee;
  delete merged.abortReason;
  if (abortReasons.length > 0) merged.abortReason = abortReasons.join('; ');
  return merged;
}
