// Worker entry point: loads worker.ts from its prebuilt bundle (harness/env/prebuilt.mjs), or registers tsx in this thread and
// loads the source (Node 20 ignores `--import tsx` in a worker's execArgv); tsx costs each worker ~0.6 CPU-s more.
import { prebuilt } from '../../env/prebuilt.mjs';

const bundle = await prebuilt('harness/drivers/open-model/worker.ts');
if (bundle !== undefined) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
}
