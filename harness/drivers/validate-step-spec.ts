// Rejects a StepSpec no driver can run, with the rule in the message (UserError: the CLI prints it as is).
import { UserError } from '../errors/user-error.ts';
import type { StepSpec } from './driver-types.ts';

/** `openModel`: the arrival rate matters (closed-model drivers ignore it). */
export function validateStepSpec(spec: StepSpec, who: string, opts: { openModel: boolean }): void {
  const bad = (what: string) => {
    throw new UserError(`${who}: ${what}`);
  };
  let url: URL;
  try {
    url = new URL(spec.baseUrl);
  } catch {
    return bad(`baseUrl must be an absolute http(s) URL (got "${spec.baseUrl}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') bad(`baseUrl must be http or https (got "${spec.baseUrl}")`);
  if (opts.openModel && (!(spec.rate > 0) || !Number.isFinite(spec.rate))) bad(`rate must be a finite number > 0 req/s (got ${spec.rate})`);
  if (!(spec.durationS > 0) || !Number.isFinite(spec.durationS)) bad(`durationS must be > 0 (got ${spec.durationS})`);
  if (!Number.isInteger(spec.connections) || spec.connections < 1) bad(`connections must be an integer >= 1 (got ${spec.connections})`);
  if (!Number.isInteger(spec.threads) || spec.threads < 1) bad(`threads must be an integer >= 1 (got ${spec.threads})`);
  if (!(spec.timeoutMs > 0)) bad(`timeoutMs must be > 0 (got ${spec.timeoutMs})`);
  if (spec.codes.length === 0) bad('no seeded codes to draw requests from (codes is empty)');
}
