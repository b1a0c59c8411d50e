// The machines module's public API: emulated machines with CPU budgets for the scale model (issue 10 item 1).
// Use: budgets = parseMachineFlags(flags); checkFit(specs, cpuSetCores, allowOversubscribe); fleet = openFleet(runId);
// m = fleet.create({ name, role, cpu: budgetFor(budgets, role) }); once the process is ready and seeded: m.addTree(pid)
// (under 'systemd-scope' instead spawn it as [...scopePrefix(m), cmd, ...args]: the budget then applies from spawn);
// per step: throttleBetween(m.stat() before, after); at the end: await fleet.removeAll() (an exit hook covers crashes).
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
