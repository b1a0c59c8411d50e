// The autocannon driver: closed-model max-throughput probes with the shared workload, timed into our µs histograms.
// autocannon itself (~0.25 CPU-s to load) is imported when a step runs: every bench loads this registry, few use it.
import type autocannon from 'autocannon';
import { createRequire } from 'node:module';
import { UserError } from '../../errors/user-error.ts';
import { RequestMix } from '../../../loadtests/workload/request-mix.ts';
import { RawRequestBuilder } from './raw-request.ts';
import type { Driver, StepMeasurement, StepSpec } from '../driver-types.ts';
import { StepRecorder } from '../step-recorder.ts';
import { buildMeasurement } from '../open-model/build-measurement.ts';
import { validateStepSpec } from '../validate-step-spec.ts';
import { ClientTiming, reconnectNote } from './client-timing.ts';
import { checkAutocannonVersion } from './autocannon-version.ts';

const AUTOCANNON_VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

export interface AutocannonStepOptions {
  /** Forwarded to the progress tracker of the scenario scripts: called once a second with the running totals. */
  progressEveryMs?: number;
  /** Maximum-throughput probe (`--driver autocannon --max`): ignore the rate (default false: drive the tier's rate). */
  max?: boolean;
}

export const RATE_LIMITED_LABEL = 'closed model, rate-limited, coordinated omission possible';
export const MAX_LABEL = 'closed model, maximum throughput';

/**
 * Runs one closed-model step: `connections` autocannon clients, each sending its next request as soon as the previous
 * response arrived, for `durationS`. By default capped at the tier's rate (autocannon's overallRate: each client sends
 * up to its share per second, then waits for the next second); with `max`, as fast as the target answers and
 * `spec.rate` is ignored. Latency is from the actual send (there is no schedule): a slow response delays the requests
 * queued behind it on its connection without that wait being measured (coordinated omission).
 */
export async function runAutocannonStep(spec: StepSpec, opts: AutocannonStepOptions = {}): Promise<StepMeasurement> {
  const max = opts.max ?? false;
  validateStepSpec(spec, 'autocannon driver', { openModel: !max });
  checkAutocannonVersion();
  let mix: RequestMix;
  try {
    mix = new RequestMix(spec.workload, spec.codes, spec.streamId);
  } catch (e) {
    throw new UserError(`autocannon driver: ${(e as Error).message}`, { cause: e });
  }
  const { default: autocannonRun } = await import('autocannon');
  const url = new URL(spec.baseUrl);
  const pathPrefix = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const startMs = performance.now();
  const recorder = new StepRecorder({ openModel: false, startMs, lateThresholdMs: Infinity });
  const timing = new ClientTiming(recorder, mix, new RawRequestBuilder(url.host, pathPrefix));

  if (spec.signal?.aborted) return measure(recorder, timing, startMs, startMs, spec, true, max);

  let progressTimer: NodeJS.Timeout | null = null;
  let onAbort: (() => void) | null = null;
  try {
    const aborted = await new Promise<boolean>((resolve, reject) => {
      let instance: autocannon.Instance;
      try {
        instance = autocannonRun(
          {
            // Requests are drawn and serialized by ClientTiming (getRequestBuffer hook), so autocannon's own request
            // template is never written; see loadtests/autocannon/mix-requests.ts for the plain-autocannon equivalent.
            url: url.origin,
            connections: spec.connections,
            duration: spec.durationS,
            timeout: spec.timeoutMs / 1000,
            pipelining: 1,
            ...(max ? {} : { overallRate: Math.max(1, Math.round(spec.rate)) }),
            setupClient: timing.setupClient,
          },
          (err: Error | null) => (err ? reject(new UserError(`autocannon driver: ${err.message}`, { cause: err })) : resolve(false)),
        );
      } catch (e) {
        reject(new UserError(`autocannon driver: ${(e as Error).message}`, { cause: e }));
        return;
      }
      onAbort = () => {
        instance.stop();
        timing.stop();
        resolve(true);
      };
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      if (spec.onProgress) {
        progressTimer = setInterval(() => {
          const elapsedS = (performance.now() - startMs) / 1000;
          spec.onProgress?.({
            elapsedS,
            durationS: spec.durationS,
            sent: recorder.sent,
            completed: recorder.completed,
            errors: recorder.errorCount,
            achievedRate: elapsedS > 0 ? recorder.completed / elapsedS : 0,
            p99Us: recorder.p99Us(),
          });
        }, opts.progressEveryMs ?? 1000);
        progressTimer.unref();
      }
    });
    const endMs = performance.now();
    timing.stop();
    return measure(recorder, timing, startMs, endMs, spec, aborted, max);
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    if (onAbort) spec.signal?.removeEventListener('abort', onAbort);
  }
}

function measure(recorder: StepRecorder, timing: ClientTiming, startMs: number, endMs: number, spec: StepSpec, aborted: boolean, max: boolean): StepMeasurement {
  const elapsedMs = endMs - startMs;
  const note = reconnectNote(timing.stats, AUTOCANNON_VERSION);
  const notes = note ? [note] : [];
  if (!max) {
    notes.push(
      `autocannon at the tier's rate (overallRate ${Math.round(spec.rate)} req/s over ${spec.connections} connections): ${RATE_LIMITED_LABEL}. ` +
        `Each connection waits for its response before its next request, so a slow response delays those behind it and ` +
        `that wait is not in the latency: this is what a usual closed-model tool reports, not what users would see`,
    );
  }
  const m = buildMeasurement(
    recorder.recording(),
    // Closed model: the step lasts as long as autocannon ran it (it stops on its 1 s sampling tick).
    { durationS: aborted ? spec.durationS : elapsedMs / 1000, sendEndMs: elapsedMs, endMs: elapsedMs, aborted },
    { driver: 'autocannon', model: 'closed', intendedRate: max ? null : spec.rate, notes },
  );
  return { ...m, lateSends: 0, uncorrected: null, schedulingLag: null, poolWait: null, loadLabel: max ? MAX_LABEL : RATE_LIMITED_LABEL };
}

export function createAutocannonDriver(opts: AutocannonStepOptions = {}): Driver {
  return { name: 'autocannon', runStep: (spec) => runAutocannonStep(spec, opts) };
}

/** `--driver autocannon`: each tier at its rate. */
export const autocannonDriver: Driver = createAutocannonDriver();
/** `--driver autocannon --max`: the maximum-throughput probe. */
export const autocannonMaxDriver: Driver = createAutocannonDriver({ max: true });

/** The ClientTiming stats of a run are in the notes; exported for the scenario scripts' summary. */
export { AUTOCANNON_VERSION };
