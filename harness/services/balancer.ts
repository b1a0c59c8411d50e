// Boots the stage-3 balancer (nginx or HAProxy) over running app processes, and changes its membership in place.
import path from 'node:path';
import type { BalancerKind, ConfigAlgorithm } from '../../targets/balancer/algorithms.ts';
import type { Upstream } from '../../targets/balancer/upstream.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { StartedService } from '../supervisor/started-service.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { haproxySpec, reloadHaproxy } from './haproxy.ts';
import { nginxSpec, reloadNginx } from './nginx.ts';

export interface BalancerOptions {
  supervisor: Supervisor;
  /** Run folder: configs, pid file and temp folders go here. */
  runDir: string;
  balancer: BalancerKind;
  algorithm: ConfigAlgorithm;
  upstreams: readonly Upstream[];
  /** Client-facing port (default: a free one). */
  port?: number;
  /** Service name (default: the balancer kind). */
  name?: string;
  cpus?: string;
  /** HAProxy only: port of its stats page and Prometheus exporter. */
  statsPort?: number;
}

/**
 * How a membership change reaches the balancer:
 * - 'reload': graceful, no dropped connection: nginx SIGHUP / HAProxy (-W) SIGUSR2 to the master we started, then wait
 *   (through /proc, Linux) until the old workers are gone, so every later request sees the new membership;
 * - 'restart': stop and start again on the same port (portable; connections in flight are cut).
 */
export type MembershipChange = 'reload' | 'restart';

export interface StartedBalancer {
  readonly kind: BalancerKind;
  readonly algorithm: ConfigAlgorithm;
  /** Entry URL of the stage, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  readonly upstreams: readonly Upstream[];
  /** The running balancer process (changes after a 'restart'). */
  readonly service: StartedService;
  /** Points the balancer at a new app set (e.g. one more app process). */
  setUpstreams(upstreams: readonly Upstream[], how?: MembershipChange): Promise<void>;
  stop(): Promise<void>;
}

/** The Upstream of a started app process: its service name is its instance id. */
export function upstreamOf(app: StartedService): Upstream {
  if (app.port === undefined) throw new Error(`${app.name}: no port known (start it with a ready line that prints its URL)`);
  return { host: '127.0.0.1', port: app.port, id: app.name };
}

export async function startBalancer(o: BalancerOptions): Promise<StartedBalancer> {
  const port = o.port ?? (await freePort());
  const name = o.name ?? o.balancer;
  const runDir = path.resolve(o.runDir);
  let upstreams = [...o.upstreams];
  const spec = () =>
    o.balancer === 'nginx'
      ? nginxSpec({ name, port, upstreams, algorithm: o.algorithm, runDir, cpus: o.cpus })
      : haproxySpec({ name, port, upstreams, algorithm: o.algorithm, runDir, cpus: o.cpus, statsPort: o.statsPort });
  let service = await o.supervisor.start(spec());
  return {
    kind: o.balancer,
    algorithm: o.algorithm,
    url: `http://127.0.0.1:${port}`,
    port,
    get upstreams() {
      return upstreams;
    },
    get service() {
      return service;
    },
    async setUpstreams(next, how = 'reload') {
      upstreams = [...next];
      if (how === 'restart') {
        await service.stop();
        service = await o.supervisor.start(spec());
      } else if (o.balancer === 'nginx') {
        await reloadNginx(service, { name, port, upstreams, algorithm: o.algorithm, runDir });
      } else {
        await reloadHaproxy(service, { name, port, upstreams, algorithm: o.algorithm, runDir, statsPort: o.statsPort });
      }
    },
    stop: () => service.stop(),
  };
}
