// Messages between the open-model driver and its worker threads (structured-clone safe: histograms travel as base64).
import type { WorkloadConfig } from '../../../loadtests/workload/workload-config.ts';
import type { EncodedRecording } from './recording-codec.ts';
import type { LoopProgress } from './send-loop.ts';
import type { OpenModelOptions } from './open-model-options.ts';

/** workerData of one sender thread. */
export interface WorkerInit {
  baseUrl: string;
  rate: number;
  durationS: number;
  threads: number;
  index: number;
  connections: number;
  timeoutMs: number;
  maxInFlight: number;
  maxDrainMs?: number;
  discardMs?: number;
  workload: WorkloadConfig;
  codes: readonly string[];
  /** RequestMix stream of this thread (derived from the step's streamId and the thread index). */
  streamId: number;
  options: OpenModelOptions;
}

export type ToWorker =
  /** Start at this process.hrtime.bigint() instant (a clock every thread shares). */
  | { type: 'start'; startHrNs: bigint }
  | { type: 'abort' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; progress: LoopProgress }
  | { type: 'done'; recording: EncodedRecording; sendEndMs: number; endMs: number; aborted: boolean; tickerError: string | null }
  | { type: 'failed'; message: string };
