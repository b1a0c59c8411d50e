// Launch spec of a harness-owned nginx balancer: generated nginx.conf in the run folder, foreground master, graceful reload.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BALANCER_HEALTH_PATH } from '../../targets/balancer/balancer-paths.ts';
import { nginxConfig, nginxTempPaths, type NginxConfigOptions } from '../../targets/balancer/nginx-config.ts';
import { toolVersion } from '../env/tool-versions.ts';
import type { ServiceSpec } from '../supervisor/service-spec.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import { Wait } from '../supervisor/wait.ts';
import { reloadAndWaitForNewChildren } from './process-children.ts';

export interface NginxSpecOptions extends NginxConfigOptions {
  /** CPU list for taskset (optional). */
  cpus?: string;
}

/** Where nginxSpec writes the config: `<runDir>/<name>.conf`. */
export function nginxConfFile(runDir: string, name = 'nginx'): string {
  return path.join(path.resolve(runDir), `${name}.conf`);
}

/** Writes the config (and the temp folders it names) into the run folder. Used at start and before a reload. */
export function writeNginxConf(options: NginxConfigOptions): string {
  const { runDir, name = 'nginx' } = options;
  // As root, workers would drop to 'nobody', who cannot enter a private run folder: keep the harness's own user.
  const user = options.user ?? (process.getuid?.() === 0 ? os.userInfo().username : undefined);
  for (const dir of Object.values(nginxTempPaths(runDir, name))) fs.mkdirSync(dir, { recursive: true });
  const file = nginxConfFile(runDir, name);
  fs.writeFileSync(file, nginxConfig({ ...options, user }));
  return file;
}

/**
 * `nginx -e stderr -p <runDir> -c <conf>` (`-e` needs nginx >= 1.19.5: without it a startup error would go to the
 * compiled-in /var/log path). Errors go to stderr, so the supervisor's log `<runDir>/logs/<name>.log` is nginx's error
 * log and a failed start shows nginx's own message. Ready when nginx itself answers `/_lb/health`.
 */
export function nginxSpec(options: NginxSpecOptions): ServiceSpec {
  const { name = 'nginx', port, runDir, cpus } = options;
  const conf = writeNginxConf(options);
  return {
    name,
    role: 'balancer',
    command: 'nginx',
    args: ['-e', 'stderr', '-p', path.resolve(runDir), '-c', conf],
    port,
    cpus,
    ready: Wait.forHttp(BALANCER_HEALTH_PATH),
    readyTimeoutMs: 10_000,
    stopGraceMs: 3_000,
  };
}

/**
 * Membership change without a restart: rewrites the config and sends SIGHUP to the master (our own pid, not the pid
 * file, which could name someone else's nginx); resolves when new workers run and the old ones have exited (Linux /proc).
 */
export async function reloadNginx(service: StartedService, options: NginxConfigOptions, timeoutMs = 10_000): Promise<void> {
  writeNginxConf(options);
  await reloadAndWaitForNewChildren(service.pid, 'SIGHUP', timeoutMs);
}

/** `nginx -v` → e.g. '1.22.1'; null when nginx is not installed. */
export function nginxVersion(): string | null {
  return toolVersion('nginx');
}

/** True when this nginx accepts `-e` (>= 1.19.5). */
export function nginxSupportsErrorLogFlag(version: string | null): boolean {
  if (version === null) return false;
  const [maj = 0, min = 0, patch = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  return maj > 1 || (maj === 1 && (min > 19 || (min === 19 && patch >= 5)));
}
