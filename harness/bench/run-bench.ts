// The bench pipeline: options → plan → boot → warm-up → steps (drive + account) → aggregate → write, stopping everything after.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { envInfo } from '../env/env-info.ts';
import { gitInfo } from '../env/git-info.ts';
import { driverEntry, getDriver, type DriverSettings } from '../drivers/index.ts';
import { sizeConnections } from '../drivers/connection-sizing.ts';
import type { Driver, StepMeasurement, StepProgress, StepSpec } from '../drivers/driver-types.ts';
import { parseCpuList, pinSelf, planCpuPlacement } from '../measure/cpu-placement.ts';
import { ProcessSampler, type SampleTarget } from '../measure/process-sampler.ts';
import { readCpuTimes, stealShare, type CpuTimes } from '../measure/cpu-steal.ts';
import { configHash } from '../results/config-hash.ts';
import { RESULT_SCHEMA_ID, RESULT_SCHEMA_VERSION, type EnvInfo, type KneeResult, type PrimeOutcome, type RunResult, type StepFigures, type StepResult } from '../results/result-types.ts';
import { writeResult } from '../results/write-result.ts';
import { bootStage } from '../stages/stage-registry.ts';
import type { BootedStage, StageCounters } from '../stages/stage-types.ts';
import { targetStage } from '../stages/target-stage.ts';
import { Supervisor } from '../supervisor/supervisor.ts';
import { aggregateStep } from './aggregate-step.ts';
import { benchConfig } from './bench-config.ts';
import { DEFAULT_KNEE_OPTIONS, findKnee } from './knee-search.ts';
import { stretchedTtls, type BenchOptions } from './bench-options.ts';
import { assertLoopbackTarget } from './loopback-guard.ts';
import { planSteps, type PlannedStep } from './plan-steps.ts';
import { runPaths, runStamp } from './run-id.ts';
import { TOOL_VERSION } from '../env/tool-version.ts';
import { formatResolvedFault } from '../faults/fault-spec.ts';
import { FaultSession } from '../faults/fault-session.ts';
import { checkFit, distortion } from '../machines/index.ts';
import { fewerMachinesFlags, isUnconstrained, modelScale, plannedMachines } from './scale-model.ts';
import { applyStageMachines, type StageMachines } from './stage-machines.ts';
import { calibrate, type CalibrationRow } from './calibration.ts';
import { primeCaches } from './prime-caches.ts';
import { clickLedger, RedirectTally } from './click-ledger.ts';
import { followFigures } from './follow-figures.ts';
import { pgCpuFigures } from '../stages/pg-figures.ts';
import { startCounterTimeline, type CounterTimeline } from './counter-timeline.ts';

/** Clicks stored in the stage's database now, or undefined when it cannot say (PostgreSQL, a --target, an unreadable file). */
function readClicks(stage: BootedStage): number | undefined {
  try {
    return stage.clickTotal?.();
  } catch {
    return undefined;
  }
}

/** The generator's CPU set of the running bench when pinned (one bench per process). */
let pinnedGeneratorCpus: string | undefined;

/** Seconds each knee probe drives before it measures (discarded). */
const KNEE_DISCARD_S = 1;

export interface BenchEvents {
  onNotice?(line: string): void;
  onStepStart?(s: { index: number; total: number; tier: string; rate: number; durationS: number; warmup: boolean }): void;
  onProgress?(s: { tier: string; warmup: boolean; progress: StepProgress }): void;
  onStepEnd?(step: StepResult): void;
}

export interface BenchRun {
  result: RunResult;
  paths: string[];
}

/** Runs a whole bench; on abort (signal, crash of a stage process, time bound) it still writes what it measured. */
export async function runBench(o: BenchOptions, events: BenchEvents = {}, signal?: AbortSignal): Promise<BenchRun> {
  const targetUrl = o.target ? await assertLoopbackTarget(o.target, o.allowRemote) : undefined;
  // The scale model: every process of the stage on a machine with a CPU budget, the tier rates scaled by the same factor.
  const modelled = !targetUrl && !isUnconstrained(o.machines);
  const scale = modelled ? modelScale(o.machines) : 1;
  const plan = planSteps(o, scale);
  const startedAt = new Date();
  const git = gitInfo();
  const stamp = runStamp(startedAt);
  const paths = runPaths(o.resultsDir, o.stage, stamp, git.commit, targetUrl);
  // The driver is created first: a missing k6 is one clear line before anything boots.
  const drivers = driverEntry(o.driver);
  const driverSettings: DriverSettings = { max: o.autocannonMax, slo: o.slo, workDir: join(paths.runDir, 'k6') };
  // Every redirect the generator gets is a click made; the ledger compares them with the clicks stored after the run.
  const tally = new RedirectTally();
  const driver = tally.wrap(drivers.create(driverSettings));
  /** --connections if set, else Little's law at the step's rate; a driver with no rate to size for says its own. */
  const connectionsFor = (rate: number) => drivers.fixedConnections(driverSettings, o.connections) ?? sizeConnections({ rate, userSet: o.connections }).connections;

  const placement: EnvInfo['placement'] = o.pin && !targetUrl ? planCpuPlacement() : { pinned: false, reason: o.pin ? 'external --target' : 'pinning disabled (--no-pin)' };
  if (placement.pinned && placement.generatorCpus && !pinSelf(placement.generatorCpus)) {
    placement.pinned = false;
    placement.reason = 'taskset could not pin the generator';
  }
  const generatorCpuCount = placement.pinned && placement.generatorCpus ? parseCpuList(placement.generatorCpus).length : envCores();
  const loadgenCores = drivers.loadgenCores(generatorCpuCount, o.threads);
  pinnedGeneratorCpus = placement.pinned ? placement.generatorCpus : undefined;
  const stageCores = placement.pinned && placement.stageCpus ? parseCpuList(placement.stageCpus).length : envCores();
  const planned = modelled ? plannedMachines(o.composition, o.topology, o.machines) : [];
  // Budgets adding up to more than the stage's CPUs would compete near the knee: refuse before booting anything.
  const fit = modelled ? checkFit(planned, stageCores, o.allowOversubscribe, fewerMachinesFlags(o.composition)) : { oversubscribed: false };
  const env = envInfo({ pinned: placement.pinned, generatorCpus: placement.generatorCpus, stageCpus: placement.stageCpus, reason: placement.reason });

  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(signal?.reason ?? 'aborted');
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const plannedS = plan.length * o.stepDurationS + o.warmupS + (o.findKnee ? DEFAULT_KNEE_OPTIONS.maxProbes * (o.kneeProbeS + KNEE_DISCARD_S) : 0);
  const maxTotalS = o.maxTotalS ?? plannedS + 120;
  const deadlineMs = Date.now() + maxTotalS * 1000;
  /** Open model: the drain after a step may wait the timeout, but never past what --max-total leaves (5 s kept for the write). */
  const maxDrainMs = (stepS: number) => Math.max(0, deadlineMs - Date.now() - stepS * 1000 - 5000);
  const bound = setTimeout(() => controller.abort(`run exceeded its bound of ${maxTotalS} s`), maxTotalS * 1000);
  bound.unref();

  const supervisor = new Supervisor({ runDir: paths.runDir });
  supervisor.onUnexpectedExit((svc, code, sig) => controller.abort(`${svc.name} (pid ${svc.pid}) exited unexpectedly (${sig ?? `code ${code}`}); see ${svc.logFile}`));
  const steps: StepResult[] = [];
  let booted: BootedStage | undefined;
  let abortReason: string | undefined;
  let knee: KneeResult | undefined;
  let machines: StageMachines | undefined;
  let calibration: CalibrationRow[] | undefined;
  let clicksAtBoot: number | undefined;
  let prime: PrimeOutcome | undefined;
  const config = benchConfig({ o, plan, targetUrl, modelled, scale });
  const adminToken = randomBytes(16).toString('hex');


  try {
    if (targetUrl) booted = targetStage(o.stage, targetUrl, o.seedLinks, o.workload.seed);
    else {
      events.onNotice?.(`booting stage ${o.stage} (seeding ${o.seedLinks.toLocaleString('en-US')} links; logs in ${paths.runDir}/logs)`);
      booted = await bootStage(o.composition, {
        runDir: paths.runDir,
        supervisor,
        seedLinks: o.seedLinks,
        stageCpus: placement.pinned ? placement.stageCpus : undefined,
        adminToken,
        seed: o.workload.seed,
        topology: o.topology,
        // Slow requests (workload slowShare) cost the app what they ask for; otherwise `?work-ms` is ignored.
        ...(o.workload.slowShare > 0 ? { maxWorkMs: o.workload.slowMs } : {}),
      });
      events.onNotice?.(`stage ${o.stage} up at ${booted.entryUrl} in ${booted.bootMs.toFixed(0)} ms (seeded in ${booted.seed.ms.toFixed(0)} ms)`);
      // Caches start warm, as a fleet's are, before budgets apply (a 1:10 model would take 10× as long to warm them).
      prime = await primeCaches(booted, o.primeCodes, { adminToken, signal: controller.signal });
      if (prime) {
        events.onNotice?.(
          `primed caches with the ${prime.codes.toLocaleString('en-US')} hottest codes (${prime.targets.join(', ')}): ` +
            [
              prime.requests > 0 ? `${prime.requests.toLocaleString('en-US')} requests` : '',
              prime.localWarmed ? `local LRUs warmed with ${prime.localWarmed.toLocaleString('en-US')} entries of steady-state ages (lifetimes spread over the TTL)` : '',
            ].filter(Boolean).join(', ') +
            `${prime.redisWarmed ? `, Redis warmed with all ${prime.redisWarmed.toLocaleString('en-US')} seeded links (a cache warmer)` : ''} in ${prime.ms} ms` +
            `${prime.failed > 0 ? `, ${prime.failed} failed` : ''} (--prime 0 starts cold)`,
        );
      }
      clicksAtBoot = readClicks(booted);
    }
    const stage = booted;
    let streamId = 0;
    /** The spec of a step at `rate`: connections sized for that rate, a fresh request stream. */
    const specAt = (rate: number, durationS: number): StepSpec => ({
      baseUrl: stage.entryUrl,
      connections: connectionsFor(rate),
      workload: o.workload,
      codes: stage.codes,
      timeoutMs: o.timeoutMs,
      threads: o.threads,
      rate,
      durationS,
      streamId: streamId++,
      signal: controller.signal,
    });
    const ctx: StepContext = { driver, stage, o, loadgenCores, signal: controller.signal, events, machines: undefined };

    if (modelled && !controller.signal.aborted) {
      // Budgets apply after boot and seeding (a Node process needs about a second of CPU to start), before warm-up.
      const calibrationRate = Math.max(1, Math.round(1500 * scale));
      // A second at the calibration rate first (not counted), so both calibration steps see warm caches.
      const calibrationSpec = () => specAt(calibrationRate, o.calibrateS);
      if (o.calibrateS > 0) await driver.runStep(specAt(calibrationRate, 1));
      const unconstrained = o.calibrateS > 0 ? await calibrate(driver, stage, calibrationSpec(), calibrationRate, o.calibrateS, controller.signal) : undefined;
      machines = applyStageMachines({ runId: `${stamp}-s${o.stage}-${process.pid}`, services: stage.services, budgets: o.machines, supervisor });
      ctx.machines = machines;
      if (machines.fleet.enforcement === 'none') {
        events.onNotice?.(`scale model: budgets NOT enforced (${machines.fleet.reason}); every process runs unconstrained and the result says so`);
      } else {
        events.onNotice?.(
          `scale model 1:${Math.round(1 / scale)}: ${planned.length} machines (${summarizeBudgets(planned)}), ${machines.fleet.enforcement} quota per ${machines.fleet.periodUs / 1000} ms` +
            `${fit.oversubscribed ? '; OVERSUBSCRIBED (--allow-oversubscribe): machines compete for the stage CPUs' : ''}`,
        );
        const ttls = ttlNotice(o, scale);
        if (ttls) events.onNotice?.(ttls);
        if (unconstrained) {
          const budgeted = await calibrate(driver, stage, calibrationSpec(), calibrationRate, o.calibrateS, controller.signal);
          calibration = compareCalibration(unconstrained, budgeted, calibrationRate);
          events.onNotice?.(`calibration at ${calibrationRate} req/s, CPU-ms per request unconstrained → on its budget: ${calibration.map((c) => `${c.name} ${c.unconstrainedCpuMsPerRequest} → ${c.budgetedCpuMsPerRequest} (×${c.distortion})`).join(', ')}`);
        }
      }
    }

    if (o.warmupS > 0 && !controller.signal.aborted) {
      const rate = plan[0].rate;
      events.onStepStart?.({ index: 0, total: plan.length, tier: 'warm-up', rate, durationS: o.warmupS, warmup: true });
      await driver.runStep({ ...specAt(rate, o.warmupS), onProgress: (progress) => events.onProgress?.({ tier: 'warm-up', warmup: true, progress }) });
    }

    for (const [i, p] of plan.entries()) {
      if (controller.signal.aborted) break;
      // Faults hit the first measured tier step only: the other steps stay clean for comparison.
      const faults = i === 0 && o.faults.length > 0 ? await armFaults(o, stage, supervisor, controller.signal, events) : undefined;
      events.onStepStart?.({ index: i + 1, total: plan.length, tier: p.tier, rate: p.rate, durationS: o.stepDurationS, warmup: false });
      const measured = await runOneStep(ctx, { planned: p, kind: 'tier', spec: { ...specAt(p.rate, o.stepDurationS), maxDrainMs: maxDrainMs(o.stepDurationS) }, faults });
      let step = measured;
      if (drivers.comparesWithOpen(driverSettings) && !controller.signal.aborted) {
        // What the usual tool would have told you: the open-model driver at the same tier, right after, for comparison.
        const open = await tally.wrap(getDriver('open')).runStep(specAt(p.rate, o.stepDurationS));
        step = { ...measured, closedVsOpen: closedVsOpen(measured, open) };
        events.onNotice?.(step.closedVsOpen!.note);
      }
      steps.push(step);
      events.onStepEnd?.(step);
    }

    if (o.findKnee && !controller.signal.aborted) {
      let probes = 0;
      const found = await findKnee(
        async (rate) => {
          const p: PlannedStep = { tier: `knee-${rate}`, users: null, rate, derivation: 'knee search probe' };
          events.onStepStart?.({ index: ++probes, total: DEFAULT_KNEE_OPTIONS.maxProbes, tier: p.tier, rate, durationS: o.kneeProbeS, warmup: false });
          // The first second of each probe is driven and discarded: connection set-up, JIT and start-up stalls stay out.
          const spec = { ...specAt(rate, o.kneeProbeS), discardFirstS: KNEE_DISCARD_S, maxDrainMs: maxDrainMs(o.kneeProbeS + KNEE_DISCARD_S) };
          const step = await runOneStep(ctx, { planned: p, kind: 'knee', spec });
          steps.push(step);
          events.onStepEnd?.(step);
          return step;
        },
        { ...DEFAULT_KNEE_OPTIONS, startRate: kneeStartRate(steps, plan[0].rate), maxRate: o.kneeMaxRate, slo: o.slo },
        () => controller.signal.aborted,
      );
      // Each probe names its step in the result (kind 'knee'), so the search can be read back step by step.
      const { steps: probeSteps, ...kneeResult } = found;
      knee = { ...kneeResult, probes: kneeResult.probes.map((pr, i) => ({ ...pr, step: steps.indexOf(probeSteps[i]) })) };
      events.onNotice?.(`knee: ${knee.rate} req/s${knee.failRate !== undefined ? ` (interval: last pass ${knee.rate}, first confirmed fail ${knee.failRate} req/s)` : ''}; broke ${knee.brokeBy}`);
    }
  } catch (e) {
    if (!controller.signal.aborted) controller.abort(e instanceof Error ? e.message : String(e));
    abortReason = String(controller.signal.reason);
    // Write what was measured (marked aborted), stop everything, then report the error.
    await finish();
    throw e;
  }
  if (controller.signal.aborted) abortReason = String(controller.signal.reason);
  return finish();

  async function finish(): Promise<BenchRun> {
    clearTimeout(bound);
    signal?.removeEventListener('abort', onOuterAbort);
    await supervisor.stopAll();
    await machines?.remove();
    // Every process has stopped (the clean ones flushed their pending clicks): what the database holds now is final.
    const clicksAfter = clicksAtBoot !== undefined && booted ? readClicks(booted) : undefined;
    const result: RunResult = {
      schema: RESULT_SCHEMA_ID,
      schemaVersion: RESULT_SCHEMA_VERSION,
      tool: { name: 'scaleladder', version: TOOL_VERSION },
      stage: o.stage,
      commit: git.commit,
      dirty: git.dirty,
      env,
      config,
      configHash: configHash(config),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      aborted: abortReason !== undefined,
      ...(abortReason !== undefined ? { abortReason } : {}),
      emulated: [
        ...(booted?.emulated ?? []),
        ...(Object.keys(o.workload.regionRttMs).length
          ? [`client→origin distance (emulated RTT, added by the generator to each response of the region): ${Object.entries(o.workload.regionRttMs).map(([r, ms]) => `${r} ${ms}`).join(', ')} ms`]
          : []),
      ],
      seed: booted?.seed ?? { links: 0, ms: 0 },
      ...(prime ? { prime } : {}),
      bootMs: Math.round(booted?.bootMs ?? 0),
      steps,
      ...(knee ? { knee } : {}),
      ...(modelled
        ? {
            scaleModel: {
              enforcement: machines?.fleet.enforcement ?? 'none',
              reason: machines?.fleet.reason ?? 'the run stopped before the machines were applied',
              periodUs: machines?.fleet.periodUs ?? 0,
              scale,
              machines: planned,
              oversubscribed: fit.oversubscribed,
              ...(calibration ? { calibration } : {}),
            },
          }
        : {}),
      ...(clicksAtBoot !== undefined && clicksAfter !== undefined
        ? { clicks: clickLedger(tally, clicksAtBoot, clicksAfter, { cdn: o.composition.has('cdn'), killed: o.faults.some((f) => f.kind === 'kill-app') }) }
        : {}),
    };
    const written = [paths.resultFile, ...(o.updateLatest ? [paths.latestFile] : []), ...(o.out ? [o.out] : [])];
    // An abort during warm-up (or once booted) keeps the result with the steps it has, maybe none; before boot, nothing was measured.
    const keep = abortReason === undefined || steps.length > 0 || booted !== undefined;
    if (keep) writeResult(result, written);
    return { result, paths: keep ? written : [] };
  }
}

/** What every measured step of a run shares: the driver, the booted stage, the options, the generator's cores, the run's signal. */
interface StepContext {
  driver: Driver;
  stage: BootedStage;
  o: BenchOptions;
  loadgenCores: number;
  signal: AbortSignal;
  events: BenchEvents;
  /** The stage's machines under the scale model, once applied (for budgets and throttling). */
  machines?: StageMachines;
}

/** One measured step: its plan entry, its kind, its driver spec (rate and connections already set) and the faults armed for it. */
interface StepRequest {
  planned: PlannedStep;
  kind: StepResult['kind'];
  spec: StepSpec;
  faults?: FaultSession;
}

/** Drives one step while accounting its processes, counters and machines, then aggregates it (pure) into a new StepResult. */
async function runOneStep(ctx: StepContext, req: StepRequest): Promise<StepResult> {
  const { driver, stage, o, loadgenCores, signal, events, machines } = ctx;
  const { planned: p, kind, spec, faults } = req;
  const connections = spec.connections;
  const targets: SampleTarget[] = [
    ...stage.services.map((s) => ({ name: s.name, role: s.role, pid: s.pid, tree: true, cpus: s.cpus })),
  ];
  // The generator is a process tree (k6 runs as a child), minus the stage's services, which the harness also started.
  // Read at each sample: a process a fault adds or restarts during the step (add-app, kill-app) is the stage's, not the generator's.
  const loadgenTarget: SampleTarget = {
    name: 'loadgen',
    role: 'loadgen',
    pid: process.pid,
    tree: true,
    get exclude() {
      return stage.services.map((s) => s.pid);
    },
  };
  const sampler = new ProcessSampler([...targets, loadgenTarget]);
  // Every account (counters, throttling, CPU, steal) starts where the measured part starts: after a discarded first
  // second (knee probes), not with it, so per-request figures divide work and requests of the same window.
  let before: StageCounters = {};
  let throttleBefore: ReturnType<StageMachines['snapshot']> | undefined;
  let cpuBefore = readCpuTimes();
  let counterTimeline: CounterTimeline | undefined;
  const begin = async () => {
    before = await stage.readCounters(true).catch(() => ({}));
    if (o.counterIntervalMs) counterTimeline = startCounterTimeline(() => stage.readCounters(), o.counterIntervalMs);
    throttleBefore = machines?.snapshot();
    cpuBefore = readCpuTimes();
    sampler.start();
  };
  const discardMs = (spec.discardFirstS ?? 0) * 1000;
  if (discardMs === 0) await begin();
  let m: StepMeasurement;
  const workload = faults ? { ...spec.workload, ...faults.workload } : spec.workload;
  faults?.start();
  let begun: Promise<void> | undefined;
  const beginTimer = discardMs > 0 ? setTimeout(() => (begun = begin()), discardMs) : undefined;
  try {
    m = await driver.runStep({ ...spec, workload, signal, onProgress: (progress) => events.onProgress?.({ tier: p.tier, warmup: false, progress }) });
    if (beginTimer && begun === undefined) {
      // The step ended (aborted) before its measured part began.
      clearTimeout(beginTimer);
      await begin();
    }
    await begun;
  } catch (e) {
    clearTimeout(beginTimer);
    await begun?.catch(() => undefined);
    if (begun !== undefined || discardMs === 0) sampler.stop();
    await counterTimeline?.stop();
    await faults?.settle();
    throw e;
  }
  const accounts = sampler.stop();
  const counterPoints = await counterTimeline?.stop();
  const machineOf = (name: string) => {
    const budgetCores = machines?.budgetOf(name);
    const throttle = throttleBefore ? machines?.delta(throttleBefore, name) : undefined;
    return budgetCores === undefined ? {} : { budgetCores, allowanceCores: budgetCores, ...(throttle ? { throttle } : {}) };
  };
  const cpuAfter = readCpuTimes();
  // Restarts still running finish before the after-read, so every process answers it.
  await faults?.settle();
  const read = await stage.readCounters().catch(() => ({}));
  const after = faults ? faults.adjustCounters(read) : read;
  const loadgen = accounts.find((a) => a.name === 'loadgen')!;
  const step = aggregateStep({
    tier: p.tier,
    users: p.users,
    kind,
    connections,
    measurement: m,
    processes: accounts.filter((a) => a.name !== 'loadgen').map((a) => ({ ...a, ...machineOf(a.name) })),
    loadgen,
    loadgenCores,
    slo: o.slo,
    steal: stealBySet(cpuBefore, cpuAfter, o, stage),
    figures: {
      ...withPerRequestFigures(stage.figures(before, after, m.completed), before, after, m.completed),
      ...followFigures(m),
      ...pgCpuFigures(accounts, before, after),
    },
  });
  return { ...step, ...(counterPoints ? { counterTimeline: counterPoints } : {}), ...(faults ? { faults: faults.records(step) } : {}) };
}

/** The faults of the run, armed against the booted stage for the step about to start. */
async function armFaults(o: BenchOptions, stage: BootedStage, supervisor: Supervisor, signal: AbortSignal, events: BenchEvents): Promise<FaultSession> {
  events.onNotice?.(`faults in this step: ${o.faults.map(formatResolvedFault).join(', ')} (s into the step, + s down)`);
  return FaultSession.prepare(o.faults, { stage, supervisor, topology: o.topology, stepDurationS: o.stepDurationS, signal });
}

/** DB reads per client request: comparable across stages, where redirects at the app are only the misses of the layers in front. */
function withPerRequestFigures(figures: StepFigures, before: StageCounters, after: StageCounters, completed: number): StepFigures {
  if (after.dbReads === undefined || completed === 0) return figures;
  return { ...figures, dbReadsPerRequest: Math.round(((after.dbReads - (before.dbReads ?? 0)) / completed) * 1000) / 1000 };
}

/** The knee search starts at the highest tier rate that already met the SLO (no need to re-probe below it). */
function kneeStartRate(steps: StepResult[], fallback: number): number {
  const passed = steps.filter((s) => s.kind === 'tier' && s.slo.pass && !s.loadgenBound && s.targetRate !== null);
  return passed.length ? Math.max(...passed.map((s) => s.targetRate!)) : fallback;
}

function summarizeBudgets(planned: { role: string; cpu: number }[]): string {
  const byRole = new Map<string, { n: number; cpu: number }>();
  for (const m of planned) byRole.set(`${m.role}@${m.cpu}`, { n: (byRole.get(`${m.role}@${m.cpu}`)?.n ?? 0) + 1, cpu: m.cpu });
  return [...byRole].map(([k, v]) => `${v.n}× ${k.split('@')[0]} ${v.cpu} core`).join(', ');
}

function compareCalibration(free: Map<string, { role: string; cpuMsPerRequest: number }>, held: Map<string, { role: string; cpuMsPerRequest: number }>, rate: number): CalibrationRow[] {
  return [...free].flatMap(([name, f]) => {
    const h = held.get(name);
    const d = h ? distortion(f.cpuMsPerRequest, h.cpuMsPerRequest) : undefined;
    if (!h || !d || d.ratio === null) return [];
    return [{ name, role: f.role, rate, unconstrainedCpuMsPerRequest: f.cpuMsPerRequest, budgetedCpuMsPerRequest: h.cpuMsPerRequest, distortion: Math.round(d.ratio * 100) / 100, label: d.label }];
  });
}

/** Steal share of the generator's and the stage's CPU sets when pinned, else of the whole machine. */
function stealBySet(before: CpuTimes, after: CpuTimes, o: BenchOptions, stage: BootedStage): Record<string, number> | undefined {
  if (before.size === 0 || after.size === 0) return undefined;
  const stageCpus = stage.services.find((s) => s.cpus)?.cpus;
  const genCpus = pinnedGeneratorCpus;
  if (o.pin && genCpus && stageCpus) return { generator: stealShare(before, after, parseCpuList(genCpus)), stage: stealShare(before, after, parseCpuList(stageCpus)) };
  return { machine: stealShare(before, after, [...before.keys()]) };
}

/** How far the rate-limited closed model's p99 is from the open model's at the same tier. */
function closedVsOpen(step: StepResult, open: StepMeasurement): NonNullable<StepResult['closedVsOpen']> {
  const openP99Us = open.latency.totalCount > 0 ? open.latency.getValueAtPercentile(99) : 0;
  const closedP99Us = step.latencyUs.p99;
  const ratio = openP99Us > 0 ? Math.round((closedP99Us / openP99Us) * 1000) / 1000 : 0;
  const ms = (us: number) => (us / 1000).toFixed(2);
  return {
    openP99Us,
    closedP99Us,
    ratio,
    note:
      `tier ${step.tier}: autocannon (closed model, rate-limited, coordinated omission possible) p99 ${ms(closedP99Us)} ms vs the open model's ` +
      `${ms(openP99Us)} ms at the same ${step.targetRate} req/s (${ratio > 0 ? `${ratio}×` : 'no open-model p99'}): what your usual tool would have told you`,
  };
}

function envCores(): number {
  return Math.max(1, cpus().length);
}

/** Says which cache TTLs the scale model stretched (bench-options' stretchedTtls), so nobody reads 50 s as a setting. */
function ttlNotice(o: BenchOptions, scale: number): string | undefined {
  const stretched = stretchedTtls(scale);
  const parts: string[] = [];
  if (o.composition.has('local-lru') && o.topology.localLruTtlMs === stretched.localLruTtlMs) parts.push(`local LRU ${o.topology.localLruTtlMs / 1000} s`);
  if ((o.composition.has('redis') || o.composition.has('redis-cluster')) && o.topology.cacheTtlMs === stretched.cacheTtlMs) parts.push(`Redis ${o.topology.cacheTtlMs / 1000} s`);
  if (parts.length === 0) return undefined;
  return `scale model: cache TTLs stretched ×${Math.round(1 / scale)} (${parts.join(', ')}) so each holds as many requests as at full size`;
}
