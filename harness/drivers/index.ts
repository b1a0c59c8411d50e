// The driver registry: every load driver by name (open, autocannon, k6), how to create it, and what it needs of a run.
import { UserError } from '../errors/user-error.ts';
import type { DriverName, SloSpec } from '../results/result-types.ts';
import type { Driver } from './driver-types.ts';
import { openModelDriver } from './open-model/open-model-driver.ts';
import { autocannonDriver, autocannonMaxDriver } from './autocannon/autocannon-driver.ts';
import { createK6Driver } from './k6/k6-driver.ts';

export interface DriverSettings {
  /** autocannon at maximum throughput (--max) instead of the tier's rate (default false). */
  max?: boolean;
  /** k6 only: the SLO its thresholds check (default p99 100 ms, errors 0.1 %). */
  slo?: SloSpec;
  /** k6 only: where its scripts' summaries go (default a temporary folder). */
  workDir?: string;
}

export interface DriverEntry {
  /** The driver for a run; k6 throws its one-line "k6 not found" here, before anything boots. */
  create(s: DriverSettings): Driver;
  /** Generator cores the driver may use: k6 (a multi-threaded child) the whole generator CPU set, ours `threads` of it. */
  loadgenCores(generatorCpus: number, threads: number): number;
  /** Connections when there is no rate to size them for (autocannon --max): --connections, else 64; undefined = size by rate. */
  fixedConnections(s: DriverSettings, userSet: number | undefined): number | undefined;
  /** A closed model at a tier's rate: the open model runs the same tier after it, to show what coordinated omission hides. */
  comparesWithOpen(s: DriverSettings): boolean;
}

const ours = (generatorCpus: number, threads: number) => Math.min(threads, generatorCpus);
const sizedByRate = () => undefined;

export const DRIVERS: Record<DriverName, DriverEntry> = {
  open: { create: () => openModelDriver, loadgenCores: ours, fixedConnections: sizedByRate, comparesWithOpen: () => false },
  autocannon: {
    create: (s) => (s.max ? autocannonMaxDriver : autocannonDriver),
    loadgenCores: ours,
    fixedConnections: (s, userSet) => (s.max ? (userSet ?? 64) : undefined),
    comparesWithOpen: (s) => !s.max,
  },
  k6: { create: (s) => createK6Driver({ slo: s.slo, workDir: s.workDir }), loadgenCores: (generatorCpus) => generatorCpus, fixedConnections: sizedByRate, comparesWithOpen: () => false },
};

/** The registry entry of a driver name, or a one-line UserError naming the known ones. */
export function driverEntry(name: DriverName): DriverEntry {
  const e = (DRIVERS as Partial<Record<string, DriverEntry>>)[name];
  if (!e) throw new UserError(`unknown driver "${String(name)}": use ${Object.keys(DRIVERS).join(', ')}`);
  return e;
}

/** Creates a driver by name (see DRIVERS). */
export function getDriver(name: DriverName, settings: DriverSettings = {}): Driver {
  return driverEntry(name).create(settings);
}

export { createOpenModelDriver, openModelDriver } from './open-model/open-model-driver.ts';
export { createAutocannonDriver, autocannonDriver, autocannonMaxDriver, runAutocannonStep } from './autocannon/autocannon-driver.ts';
export type { OpenModelOptions } from './open-model/open-model-options.ts';
