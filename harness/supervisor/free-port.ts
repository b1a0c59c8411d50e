// Finds a free loopback TCP port by binding port 0 and closing again (the caller hands it to a child to bind).
import net from 'node:net';

/** Ports handed out recently by this process, so two services of one run never get the same one. */
const recent = new Map<number, number>();
const RECENT_MS = 60_000;

function bindZero(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((err) => (err ? reject(err) : port > 0 ? resolve(port) : reject(new Error(`no port assigned on ${host}`))));
    });
  });
}

/** A port the OS just had free on `host` (default 127.0.0.1). Another process could still take it before the child binds it. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const now = Date.now();
  for (const [port, at] of recent) if (now - at > RECENT_MS) recent.delete(port);
  let port = await bindZero(host);
  for (let attempt = 0; attempt < 20 && recent.has(port); attempt++) port = await bindZero(host);
  recent.set(port, now);
  return port;
}
