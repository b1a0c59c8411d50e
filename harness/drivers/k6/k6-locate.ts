// Finds the k6 binary; when it is missing, one line saying how to install it and that the other drivers do not need it.
import { UserError } from '../../errors/user-error.ts';
import { findOnPath } from '../../measure/find-binary.ts';

export const K6_INSTALL_URL = 'https://grafana.com/docs/k6/latest/set-up/install-k6/';
export const K6_NOT_FOUND = `k6 not found on PATH: install it from ${K6_INSTALL_URL} (the open and autocannon drivers do not need it)`;
/** First k6 release that runs TypeScript scripts natively. */
export const K6_MIN_VERSION = '0.57.0';

/** Absolute path of k6 (`command` may be a path), or a UserError with K6_NOT_FOUND. */
export function locateK6(command = 'k6', pathEnv?: string): string {
  const found = findOnPath(command, { pathEnv });
  if (found === undefined) throw new UserError(command === 'k6' ? K6_NOT_FOUND : `${command}: not found or not executable; ${K6_NOT_FOUND}`);
  return found;
}

/** "k6 v1.0.0 (commit/…, go1.24.1, linux/amd64)" → "1.0.0"; undefined when the text names no version. */
export function parseK6Version(text: string): string | undefined {
  return /k6\s+v?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)/.exec(text)?.[1];
}

/** True when `version` is at least `min` (numeric major.minor.patch comparison; pre-release suffixes ignored). */
export function versionAtLeast(version: string, min = K6_MIN_VERSION): boolean {
  const a = version.split(/[-+]/)[0].split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}
