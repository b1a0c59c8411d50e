// Picks a load driver by name: 'open' (open model on undici) or 'autocannon' (closed-model probes).
import { UserError } from '../errors/user-error.ts';
import type { Driver } from './driver-types.ts';
import { openModelDriver } from './open-model/open-model-driver.ts';
import { autocannonDriver } from './autocannon/autocannon-driver.ts';

export type BuiltInDriverName = 'open' | 'autocannon';

export function getDriver(name: BuiltInDriverName): Driver {
  switch (name) {
    case 'open':
      return openModelDriver;
    case 'autocannon':
      return autocannonDriver;
    default:
      throw new UserError(`unknown driver "${String(name)}": use open or autocannon`);
  }
}

export { createOpenModelDriver, openModelDriver } from './open-model/open-model-driver.ts';
export { createAutocannonDriver, autocannonDriver, runAutocannonStep } from './autocannon/autocannon-driver.ts';
export type { OpenModelOptions } from './open-model/open-model-options.ts';
