// Worker entry point: registers tsx in this thread, then loads worker.ts (Node 20 ignores `--import tsx` in a worker's execArgv).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
