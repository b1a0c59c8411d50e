// The machines module's public API: emulated machines with CPU budgets for the scale model (issue 10 item 1).
export type { Enforcement, Machine, MachineFleet, MachineRole, MachineSpec, MachineStat } from './machine-types.ts';
export { ENFORCEMENTS, MACHINE_ROLES } from './machine-types.ts';
export { openFleet, scopePrefix, type OpenFleetOptions } from './open-fleet.ts';
export { removeStaleFleets, type StaleSweep } from './stale-fleets.ts';
export { parseMachineFlags, budgetFor, DEFAULT_MACHINE_CPU, type MachineBudgets, type MachineFlags } from './machine-flags.ts';
export { checkFit, type FitVerdict } from './check-fit.ts';
export { distortion, type Distortion } from './distortion.ts';
export { quotaFor, DEFAULT_PERIOD_US } from './quota.ts';
export type { Probe, ProbeResult } from './fleet-backend.ts';
export { scaleModelRecord, throttleBetween, usedCores, type ScaleModelRecord, type ThrottleRecord } from './fleet-record.ts';
