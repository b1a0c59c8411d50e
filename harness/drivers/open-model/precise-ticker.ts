// Wakes the send loop at a sub-millisecond instant without busy-waiting: a helper thread sleeps in Atomics.wait, then posts.
//
// Node timers have 1 ms resolution (and fire up to ~1 ms late); spinning on setImmediate is precise but burns the whole
// core, which would make the generator look saturated at any rate above ~500 req/s and steal CPU from an unpinned
// target. This ticker costs one futex wake-up and one message per arm, and is typically 50–150 µs late.
import { Worker } from 'node:worker_threads';

const TICKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const i32 = new Int32Array(workerData.sab, 0, 2); // [seq, stop]
const f64 = new Float64Array(workerData.sab, 8, 1); // [due, shared clock ms]
let offset = 0;
for (let i = 0; i < 5; i++) offset = Number(process.hrtime.bigint()) / 1e6 - performance.now(); // first calls are slow
const now = () => performance.now() + offset;
let fired = -1;
parentPort.postMessage(-1);
for (;;) {
  const seq = Atomics.load(i32, 0);
  if (Atomics.load(i32, 1) === 1) break;
  const due = f64[0];
  if (fired === seq || !(due < Infinity)) { Atomics.wait(i32, 0, seq); continue; }
  const wait = due - now();
  if (wait > 0) { Atomics.wait(i32, 0, seq, wait); continue; }
  fired = seq;
  parentPort.postMessage(seq);
}
`;

/** process.hrtime (ms) − performance.now() in this thread; the first calls of either clock are slow, so sample a few. */
export function hrtimeOffsetMs(): number {
  let offset = 0;
  for (let i = 0; i < 5; i++) offset = Number(process.hrtime.bigint()) / 1e6 - performance.now();
  return offset;
}

/** Calls `onTick` once at (or just after) each armed instant; re-arming replaces the previous instant. */
export class PreciseTicker {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  /** performance.now() + offset = the shared monotonic clock (process.hrtime in ms) both threads use. */
  private readonly offset = hrtimeOffsetMs();
  private armedSeq = -2;
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    sab: SharedArrayBuffer,
    onTick: () => void,
  ) {
    this.i32 = new Int32Array(sab, 0, 2);
    this.f64 = new Float64Array(sab, 8, 1);
    worker.on('message', (seq: number) => {
      if (seq === this.armedSeq && !this.stopped) {
        this.armedSeq = -2;
        onTick();
      }
    });
  }

  /** Starts the helper thread; resolves once it is waiting. The worker is unref'd: it never keeps the process alive. */
  static start(onTick: () => void): Promise<PreciseTicker> {
    const sab = new SharedArrayBuffer(16);
    new Float64Array(sab, 8, 1)[0] = Infinity;
    const worker = new Worker(TICKER_SOURCE, { eval: true, workerData: { sab } });
    worker.unref();
    return new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => {
        worker.off('error', reject);
        worker.on('error', () => undefined);
        resolve(new PreciseTicker(worker, sab, onTick));
      });
    });
  }

  /** Wake at `dueMs` (this thread's performance.now() clock). */
  arm(dueMs: number): void {
    this.f64[0] = dueMs + this.offset;
    this.armedSeq = Atomics.add(this.i32, 0, 1) + 1;
    Atomics.notify(this.i32, 0);
  }

  disarm(): void {
    this.armedSeq = -2;
    this.f64[0] = Infinity;
    Atomics.add(this.i32, 0, 1);
    Atomics.notify(this.i32, 0);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.i32, 1, 1);
    Atomics.add(this.i32, 0, 1);
    Atomics.notify(this.i32, 0);
    await this.worker.terminate().catch(() => undefined);
  }
}
