// The autocannon driver patches autocannon's internals, so it runs only on the exact version package.json pins.
import { describe, expect, it } from 'vitest';
import { checkAutocannonVersion, installedAutocannonVersion, pinnedAutocannonVersion } from '../../harness/drivers/autocannon/autocannon-version.ts';
import { UserError } from '../../harness/errors/user-error.ts';

describe('autocannon version pin', () => {
  it('package.json pins an exact version (no ^ or ~), and it is the one installed', () => {
    expect(pinnedAutocannonVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installedAutocannonVersion()).toBe(pinnedAutocannonVersion());
  });

  it('given another version, then a one-line UserError naming both versions and what to do', () => {
    let err: unknown;
    try {
      checkAutocannonVersion('8.1.0', '8.0.0');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as UserError).message;
    expect(msg).not.toContain('\n');
    expect(msg).toBe(
      "autocannon driver: autocannon 8.1.0 is installed, but harness/drivers/autocannon/client-timing.ts patches the internals of autocannon 8.0.0 only: run 'make install' (npm install) to get 8.0.0, or use --driver open",
    );
    expect(() => checkAutocannonVersion('8.0.0', '8.0.0')).not.toThrow();
  });
});
