// One app process behind the balancer, as both balancer configs name it.

export interface Upstream {
  /** Loopback address of the app (default in practice '127.0.0.1'). */
  host: string;
  port: number;
  /** The app's instance id (its `X-Upstream` header); names the server in HAProxy. */
  id: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Rejects an upstream list no balancer could serve, with the rule in the message. */
export function checkUpstreams(upstreams: readonly Upstream[]): void {
  if (upstreams.length === 0) throw new RangeError('upstreams must list at least one app process');
  const ids = new Set<string>();
  for (const u of upstreams) {
    if (!ID.test(u.id)) throw new RangeError(`upstream id '${u.id}' must be 1 to 64 letters, digits, '.', '_' or '-'`);
    if (ids.has(u.id)) throw new RangeError(`upstream id '${u.id}' appears twice: ids must be unique`);
    ids.add(u.id);
    if (!(Number.isInteger(u.port) && u.port > 0 && u.port < 65536)) throw new RangeError(`upstream ${u.id}: port must be 1..65535, got ${u.port}`);
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(u.host)) throw new RangeError(`upstream ${u.id}: host '${u.host}' is not an address`);
  }
}

/** `host:port` as balancers print it in `$upstream_addr` (IPv6 in brackets). */
export function upstreamAddr(u: Upstream): string {
  return `${u.host.includes(':') && !u.host.startsWith('[') ? `[${u.host}]` : u.host}:${u.port}`;
}

/** The app id behind a balancer's address header, or undefined. */
export function idForAddr(upstreams: readonly Upstream[], addr: string): string | undefined {
  return upstreams.find((u) => upstreamAddr(u) === addr)?.id;
}
