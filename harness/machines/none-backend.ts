// The last resort, always available: machines are recorded with their budgets but run unconstrained.
import { STAT_ZERO, type FleetBackend, type MachineGroup } from './fleet-backend.ts';

export function noneBackend(): FleetBackend {
  return {
    enforcement: 'none',
    detail: 'unconstrained',
    open() {
      const group: MachineGroup = { add() {}, stat: () => ({ ...STAT_ZERO }), spawnPrefix: () => [], removeSync: () => true, remove: async () => true };
      return { createMachine: () => group, removeSync: () => true, remove: async () => true };
    },
  };
}
