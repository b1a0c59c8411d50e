// `scaleladder doctor`'s k6 line: installed or not, its version, and whether it can run the TypeScript scripts.
import { execFileSync } from 'node:child_process';
import { findOnPath } from '../../measure/find-binary.ts';
import { K6_INSTALL_URL, K6_MIN_VERSION, K6_NOT_FOUND, parseK6Version, versionAtLeast } from './k6-locate.ts';

export interface K6Status {
  installed: boolean;
  version?: string;
  /** One line for the user: what works, or what to do. */
  hint: string;
}

export interface K6StatusOptions {
  /** PATH to search (default process.env.PATH). */
  pathEnv?: string;
}

export function k6Status(opts: K6StatusOptions = {}): K6Status {
  const bin = findOnPath('k6', { pathEnv: opts.pathEnv });
  if (bin === undefined) return { installed: false, hint: K6_NOT_FOUND };
  let text: string;
  try {
    text = execFileSync(bin, ['version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    return { installed: true, hint: `k6 at ${bin} did not answer 'k6 version' (${(e as Error).message.split('\n')[0]}); reinstall it from ${K6_INSTALL_URL}` };
  }
  const version = parseK6Version(text);
  if (version === undefined) return { installed: true, hint: `k6 at ${bin} printed no version we understand; --driver k6 may still work` };
  if (!versionAtLeast(version)) {
    return { installed: true, version, hint: `k6 v${version} is older than v${K6_MIN_VERSION}, which the TypeScript scripts need: upgrade it (${K6_INSTALL_URL})` };
  }
  return { installed: true, version, hint: `k6 v${version}: --driver k6, the loadtests/k6 scripts and 'scaleladder k6 export' are ready` };
}
