// The open-model driver: constant arrival rate on undici, latency from the scheduled send (no coordinated omission).
import { UserError } from '../../errors/user-error.ts';
import { RequestMix } from '../../../loadtests/workload/request-mix.ts';
import type { Driver, StepMeasurement, StepSpec } from '../driver-types.ts';
import { summarize } from '../../measure/histogram.ts';
import { sendLoopFor, type LoopProgress } from './send-loop.ts';
import { runInWorkers } from './run-in-workers.ts';
import { mergeRecordings } from './recording-codec.ts';
import { buildMeasurement } from './build-measurement.ts';
import { normalizeOpenModelOptions, type OpenModelOptions } from './open-model-options.ts';
import { validateStepSpec } from '../validate-step-spec.ts';
import type { Recording } from '../step-recorder.ts';
import type { WorkerInit } from './worker-messages.ts';

/** The RequestMix stream of thread k when a step runs on `threads` threads (one thread keeps the step's own stream). */
export function threadStreamId(streamId: number, threads: number, k: number): number {
  return threads === 1 ? streamId : streamId * 1024 + 1 + k;
}

export function createOpenModelDriver(partial: Partial<OpenModelOptions> = {}): Driver {
  const options = normalizeOpenModelOptions(partial);
  return { name: 'open', runStep: (spec) => runOpenModelStep(spec, options) };
}

export const openModelDriver: Driver = createOpenModelDriver();

async function runOpenModelStep(spec: StepSpec, options: OpenModelOptions): Promise<StepMeasurement> {
  validateStepSpec(spec, 'open-model driver', { openModel: true });
  const onProgress = spec.onProgress
    ? (p: LoopProgress) =>
        spec.onProgress?.({
          elapsedS: p.elapsedMs / 1000,
          durationS: spec.durationS,
          sent: p.sent,
          completed: p.completed,
          errors: p.errors,
          achievedRate: p.elapsedMs > 0 ? p.completed / (p.elapsedMs / 1000) : 0,
          p99Us: p.p99Us,
        })
    : undefined;

  const discardMs = Math.max(0, (spec.discardFirstS ?? 0) * 1000);
  let recording: Recording;
  let timing: { sendEndMs: number; endMs: number; aborted: boolean; tickerError: string | null };
  const notes: string[] = [];
  newMix(spec, spec.streamId); // fail fast, in this thread, on a workload the loop could not use
  const shares: WorkerInit[] = Array.from({ length: spec.threads }, (_, k) => ({
    baseUrl: spec.baseUrl,
    rate: spec.rate,
    durationS: spec.durationS,
    threads: spec.threads,
    index: k,
    connections: Math.max(1, Math.ceil(spec.connections / spec.threads)),
    timeoutMs: spec.timeoutMs,
    maxInFlight: Math.max(1, Math.ceil(options.maxInFlight / spec.threads)),
    maxDrainMs: spec.maxDrainMs,
    discardMs,
    workload: spec.workload,
    codes: spec.codes,
    streamId: threadStreamId(spec.streamId, spec.threads, k),
    options,
  }));
  if (spec.threads === 1) {
    const loop = sendLoopFor(shares[0], onProgress);
    const onAbort = () => loop.abort();
    if (spec.signal?.aborted) loop.abort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await loop.prepare();
      const o = await loop.run(performance.now());
      recording = o.recording;
      timing = o;
    } finally {
      spec.signal?.removeEventListener('abort', onAbort);
    }
  } else {
    const o = await runInWorkers(shares, { signal: spec.signal, onProgress, progressEveryMs: options.progressEveryMs });
    recording = mergeRecordings(o.recordings);
    timing = o;
    notes.push(
      `open model spread over ${spec.threads} worker threads (requests sent per thread: ${o.recordings.map((r) => r.sent).join(' / ')}); ` +
        `histograms merged`,
    );
  }
  notes.push(...loopNotes(recording, options));
  if (discardMs > 0) notes.push(`the first ${discardMs / 1000} s of the step were driven at the same rate and discarded (not measured)`);
  if (timing.tickerError !== null) {
    notes.push(`generator: the precise wake-up thread did not start (${timing.tickerError}); sends were timed on 1 ms timers`);
  }
  return buildMeasurement(recording, { durationS: spec.durationS, sendEndMs: timing.sendEndMs, endMs: timing.endMs, aborted: timing.aborted }, {
    driver: 'open',
    model: 'open',
    intendedRate: spec.rate,
    notes,
  });
}

function newMix(spec: StepSpec, streamId: number): RequestMix {
  try {
    return new RequestMix(spec.workload, spec.codes, streamId);
  } catch (e) {
    throw new UserError(`open-model driver: ${(e as Error).message}`, { cause: e });
  }
}

function loopNotes(r: Recording, o: OpenModelOptions): string[] {
  const notes: string[] = [];
  const scheduled = r.sent + r.dropped;
  if (r.lateSends > 0 && scheduled > 0 && r.lateSends / scheduled >= 0.01) {
    const lag = r.schedulingLag ? summarize(r.schedulingLag) : null;
    notes.push(
      `generator: ${((100 * r.lateSends) / scheduled).toFixed(1)} % of sends left more than ${o.lateThresholdMs} ms after ` +
        `their schedule (scheduling lag p99 ${lag ? (lag.p99 / 1000).toFixed(1) : '?'} ms): the load generator, not only the target, was slow`,
    );
  }
  if (r.dropped > 0) {
    notes.push(
      `${r.dropped} scheduled requests were not sent (in flight over the cap of ${o.maxInFlight}, or still unsent ` +
        `${o.endGraceMs} ms after the step's end); counted as errors of kind 'dropped'`,
    );
  }
  const unfinished = r.errors.unfinished ?? 0;
  if (unfinished > 0) {
    notes.push(
      `${unfinished} requests were still in flight, younger than the timeout, when the step stopped waiting for them: counted as ` +
        `'unfinished' (not 'timeout'), their age recorded in the all-responses histogram as a lower bound of their latency`,
    );
  }
  if (r.cancelled > 0) notes.push(`${r.cancelled} requests in flight were cancelled by the abort (not counted as errors)`);
  return notes;
}
