// Runs an open-model step spread over worker threads: one share of the schedule each, started together, merged at the end.
import { Worker } from 'node:worker_threads';
import { UserError } from '../../errors/user-error.ts';
import { decodeRecording } from './recording-codec.ts';
import type { Recording } from '../step-recorder.ts';
import type { LoopProgress } from './send-loop.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.ts';

const READY_TIMEOUT_MS = 20_000;
/** Lead time between the start message and the common start instant, so every thread starts on schedule. */
const START_LEAD_NS = 100_000_000n;

export interface WorkersOutcome {
  recordings: Recording[];
  /** The first thread's ticker start failure, if any (that thread slept on 1 ms timers). */
  tickerError: string | null;
  /** Latest send end / loop end over threads, ms after the common start. */
  sendEndMs: number;
  endMs: number;
  aborted: boolean;
}

interface Done {
  recording: Recording;
  tickerError: string | null;
  sendEndMs: number;
  endMs: number;
  aborted: boolean;
}

/**
 * Starts one worker per init, waits until all are ready, starts them at one shared instant (process.hrtime, the same
 * monotonic clock in every thread) and collects their recordings. Progress is the sum over threads; its p99 is the
 * highest thread p99 (an upper bound of the merged one, good enough for a progress line).
 */
export async function runInWorkers(
  inits: readonly WorkerInit[],
  opts: { signal?: AbortSignal; onProgress?: (p: LoopProgress) => void; progressEveryMs: number },
): Promise<WorkersOutcome> {
  const entry = new URL('./worker-bootstrap.mjs', import.meta.url);
  const workers = inits.map((init) => new Worker(entry, { workerData: init }));
  const latest: (LoopProgress | null)[] = inits.map(() => null);
  const done: (Done | null)[] = inits.map(() => null);
  const send = (m: ToWorker) => workers.forEach((w) => w.postMessage(m));
  let progressTimer: NodeJS.Timeout | null = null;
  let onAbort: (() => void) | null = null;

  try {
    const finished = new Promise<void>((resolve, reject) => {
      let ready = 0;
      let doneCount = 0;
      const readyTimer = setTimeout(
        () => reject(new UserError(`open-model driver: worker threads not ready after ${READY_TIMEOUT_MS} ms`, { timedOut: true })),
        READY_TIMEOUT_MS,
      );
      const startAll = () => {
        clearTimeout(readyTimer);
        if (opts.signal?.aborted) {
          resolve();
          return;
        }
        send({ type: 'start', startHrNs: process.hrtime.bigint() + START_LEAD_NS });
        if (opts.onProgress) {
          progressTimer = setInterval(() => opts.onProgress?.(sumProgress(latest)), opts.progressEveryMs);
          progressTimer.unref();
        }
        onAbort = () => send({ type: 'abort' });
        opts.signal?.addEventListener('abort', onAbort, { once: true });
      };
      workers.forEach((w, i) => {
        w.on('message', (m: FromWorker) => {
          if (m.type === 'ready') {
            if (++ready === workers.length) startAll();
          } else if (m.type === 'progress') {
            latest[i] = m.progress;
          } else if (m.type === 'done') {
            done[i] = {
              recording: decodeRecording(m.recording),
              sendEndMs: m.sendEndMs,
              endMs: m.endMs,
              aborted: m.aborted,
              tickerError: m.tickerError,
            };
            if (++doneCount === workers.length) resolve();
          } else {
            reject(new UserError(`open-model driver: worker thread ${i} failed: ${m.message}`));
          }
        });
        w.on('error', (e) => reject(new UserError(`open-model driver: worker thread ${i} crashed: ${e.message}`, { cause: e })));
        w.on('exit', (code) => {
          if (done[i] === null) reject(new UserError(`open-model driver: worker thread ${i} exited (code ${code}) before reporting`));
        });
      });
    });
    await finished;
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
  }

  const results = done.filter((d): d is Done => d !== null);
  if (results.length === 0) return { recordings: [], tickerError: null, sendEndMs: 0, endMs: 0, aborted: true };
  return {
    recordings: results.map((d) => d.recording),
    tickerError: results.find((d) => d.tickerError !== null)?.tickerError ?? null,
    sendEndMs: Math.max(...results.map((d) => d.sendEndMs)),
    endMs: Math.max(...results.map((d) => d.endMs)),
    aborted: results.some((d) => d.aborted) || results.length < workers.length,
  };
}

function sumProgress(ps: readonly (LoopProgress | null)[]): LoopProgress {
  const out: LoopProgress = { elapsedMs: 0, sent: 0, completed: 0, errors: 0, p99Us: 0 };
  for (const p of ps) {
    if (!p) continue;
    out.elapsedMs = Math.max(out.elapsedMs, p.elapsedMs);
    out.sent += p.sent;
    out.completed += p.completed;
    out.errors += p.errors;
    out.p99Us = Math.max(out.p99Us, p.p99Us);
  }
  return out;
}
