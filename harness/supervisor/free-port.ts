// Finds a free loopback TCP port for a child to bind, outside the OS's ephemeral range where it can (see below).
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Ports handed out recently by this process, so two services of one run never get the same one. */
const recent = new Map<number, number>();
const RECENT_MS = 60_000;

function tryBind(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const got = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(got > 0 ? got : undefined));
    });
  });
}

/**
 * The OS's ephemeral port range (Linux: /proc/sys/net/ipv4/ip_local_port_range). A port pre-allocated from inside it
 * can be handed by the kernel to someone else before our child binds it: another service listening on port 0, or the
 * source port of any outgoing connection (the generator, a balancer's upstream keepalive). Seen here: the CDN's
 * pre-allocated port taken while the apps and nginx booted. Ports below the range are never handed out implicitly.
 */
function ephemeralRange(): [number, number] | undefined {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return lo > 0 && hi >= lo ? [lo, hi] : undefined;
  } catch {
    return undefined;
  }
}

const LOWEST = 10_000;

/** A port free on `host` (default 127.0.0.1) now. Another process could still take it before the child binds it. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  for (const [port, at] of recent) if (now - at > RECENT_MS) recent.delete(port);
  const range = ephemeralRange();
  if (range && range[0] - LOWEST > 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = LOWEST + Math.floor(Math.random() * (range[0] - LOWEST));
      if (recent.has(candidate)) continue;
      const port = await tryBind(host, candidate);
      if (port !== undefined) {
        recent.set(port, now);
        return port;
      }
    }
  }
  // No usable range known (macOS, odd sysctl): let the OS pick, avoiding ports this process handed out recently.
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tryBind(host, 0);
    if (port !== undefined && !recent.has(port)) {
      recent.set(port, now);
      return port;
    }
  }
  throw new Error(`no free port found on ${host}`);
}
