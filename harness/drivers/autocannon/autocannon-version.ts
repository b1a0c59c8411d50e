// client-timing.ts patches autocannon's internals, so the driver refuses any autocannon but the exact version pinned in package.json.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UserError } from '../../errors/user-error.ts';

/** The autocannon version package.json pins (exactly): the one client-timing.ts was written against. */
export function pinnedAutocannonVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
  return pkg.dependencies.autocannon;
}

/** The autocannon version node_modules actually holds ('unknown' when it cannot be read). */
export function installedAutocannonVersion(): string {
  try {
    return (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Throws a one-line UserError when `installed` is not the pinned version. */
export function checkAutocannonVersion(installed: string = installedAutocannonVersion(), pinned: string = pinnedAutocannonVersion()): void {
  if (installed === pinned) return;
  throw new UserError(
    `autocannon driver: autocannon ${installed} is installed, but harness/drivers/autocannon/client-timing.ts patches the internals of ` +
      `autocannon ${pinned} only: run 'make install' (npm install) to get ${pinned}, or use --driver open`,
  );
}
