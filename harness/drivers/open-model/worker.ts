// Worker-thread entry of the open-model driver: runs one share of the schedule on its own pool and posts back histograms.
import { parentPort, workerData } from 'node:worker_threads';
import { sendLoopFor } from './send-loop.ts';
import { encodeRecording } from './recording-codec.ts';
import { hrtimeOffsetMs } from './precise-ticker.ts';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('open-model worker: must run as a worker thread');
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);

try {
  const loop = sendLoopFor(init, (progress) => post({ type: 'progress', progress }));
  port.on('message', (m: ToWorker) => {
    if (m.type === 'abort') {
      loop.abort();
      return;
    }
    // Translate the shared monotonic start instant into this thread's performance.now() clock.
    const startMs = Number(m.startHrNs) / 1e6 - hrtimeOffsetMs();
    loop.run(startMs).then(
      (o) => {
        post({
          type: 'done',
          recording: encodeRecording(o.recording),
          sendEndMs: o.sendEndMs,
          endMs: o.endMs,
          aborted: o.aborted,
          tickerError: o.tickerError,
        });
        port.close();
      },
      (e: unknown) => post({ type: 'failed', message: (e as Error)?.message ?? String(e) }),
    );
  });
  await loop.prepare();
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
}
