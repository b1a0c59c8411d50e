// Pure: one note line per injected fault: what it did to what, when, and its measured figures with units.
import type { FaultRecord } from '../results/result-types.ts';
import { ms, percent } from './format-units.ts';

/** e.g. "kill-app app-1 (pid 4242) at 1.00 s: clientErrors=0, impact=0 s, balancerClean=0.95 s, down=2.41 s, …". */
export function renderFaultLine(tier: string, f: FaultRecord): string {
  const figures = Object.entries(f.outcome).map(([k, v]) => figure(k, v));
  const head = `${tier}: fault ${f.kind} ${f.target}${f.pid !== undefined ? ` (pid ${f.pid})` : ''} at ${(f.atMs / 1000).toFixed(2)} s`;
  const notes = f.notes?.length ? ` (${f.notes.join('; ')})` : '';
  return `${head}: ${figures.length ? figures.join(', ') : 'no figures'}${notes}`;
}

/** `impactMs` → `impact=1.20 s`, `createP99Us` → `createP99=3.10 ms`, `errorRateDuring` → a percentage. */
function figure(key: string, v: number): string {
  if (key.endsWith('Ms')) return `${key.slice(0, -2)}=${(v / 1000).toFixed(2)} s`;
  if (key.endsWith('Us')) return `${key.slice(0, -2)}=${ms(v)} ms`;
  if (key.startsWith('errorRate')) return `${key}=${percent(v)}`;
  return `${key}=${Number.isInteger(v) ? v : v.toFixed(3)}`;
}
