// Launch spec of a harness-owned HAProxy balancer: generated config in the run folder, foreground master-worker, graceful reload.
import fs from 'node:fs';
import path from 'node:path';
import { BALANCER_HEALTH_PATH } from '../../targets/balancer/balancer-paths.ts';
import { haproxyConfig, type HaproxyConfigOptions } from '../../targets/balancer/haproxy-config.ts';
import { toolVersion } from '../env/tool-versions.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { Wait } from '../supervisor/wait.ts';
import { reloadAndWaitForNewChildren } from './process-children.ts';

export interface HaproxySpecOptions extends HaproxyConfigOptions {
  /** Run folder: holds `<name>.cfg`. */
  runDir: string;
  /** CPU list for taskset (optional). */
  cpus?: string;
}

export function haproxyConfFile(runDir: string, name = 'haproxy'): string {
  return path.join(path.resolve(runDir), `${name}.cfg`);
}

/** Writes `<runDir>/<name>.cfg`; used at start and before a reload. */
export function writeHaproxyConf(options: HaproxySpecOptions): string {
  const file = haproxyConfFile(options.runDir, options.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, haproxyConfig(options));
  return file;
}

/**
 * `haproxy -W -db -f <cfg>`: master-worker in the foreground (-db), logging to stderr (the supervisor's log file).
 * The master is the pid the supervisor knows; SIGUSR2 to it reloads. Ready when HAProxy itself answers `/_lb/health`.
 */
export function haproxySpec(options: HaproxySpecOptions): ServiceSpec {
  const { name = 'haproxy', port, cpus } = options;
  const conf = writeHaproxyConf(options);
  return {
    name,
    role: 'balancer',
    command: 'haproxy',
    args: ['-W', '-db', '-f', conf],
    port,
    cpus,
    ready: Wait.forHttp(BALANCER_HEALTH_PATH),
    readyTimeoutMs: 10_000,
    stopGraceMs: 3_000,
  };
}

/** Rewrites the config and sends SIGUSR2 to the master; resolves when the new worker runs and the old one exited (Linux /proc). */
export async function reloadHaproxy(service: StartedService, options: HaproxySpecOptions, timeoutMs = 10_000): Promise<void> {
  writeHaproxyConf(options);
  await reloadAndWaitForNewChildren(service.pid, 'SIGUSR2', timeoutMs);
}

/** `haproxy -v` → e.g. '2.6.12-1+deb12u4'; null when haproxy is not installed. */
export function haproxyVersion(): string | null {
  return toolVersion('haproxy');
}
