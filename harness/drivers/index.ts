// Picks a load driver by name: 'open' (open model on undici) or 'autocannon' (closed-model probes).
import { UserError } from '../errors/user-error.ts';
import type { Driver } from './driver-types.ts';
import { openModelDriver } from './open-model/open-model-driver.ts';
import { autocannonDriver, autocannonMaxDriver } from './autocannon/autocannon-driver.ts';

export type BuiltInDriverName = 'open' | 'autocannon';

/** `max`: autocannon's maximum-throughput probe instead of the tier's rate (`--driver autocannon --max`). */
export function getDriver(name: BuiltInDriverName, opts: { max?: boolean } = {}): Driver {
  switch (name) {
    case 'open':
      return openModelDriver;
    case 'autocannon':
      return opts.max ? autocannonMaxDriver : autocannonDriver;
    default:
      throw new UserError(`unknown driver "${String(name)}": use open or autocannon`);
  }
}

export { createOpenModelDriver, openModelDriver } from './open-model/open-model-driver.ts';
export { createAutocannonDriver, autocannonDriver, autocannonMaxDriver, runAutocannonStep } from './autocannon/autocannon-driver.ts';
export type { OpenModelOptions } from './open-model/open-model-options.ts';
