// The floor of cdn-perf: a minimal node:http server answering every request with one prebuilt 302 (the same fields a
// CDN hit carries), so the emulator's CPU per hit can be read against what node:http itself costs.
// Usage: node --import tsx harness/perf/cdn-perf-floor.ts → prints "cdn-perf-floor listening on http://… pid=…"
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEAD = [
  'location', 'https://example.com/c000000/landing-page?utm_source=scaleladder',
  'cache-control', 'public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400',
  'etag', '"c000000.v1"',
  'content-type', 'text/plain; charset=utf-8',
  'date', new Date().toUTCString(),
  'content-length', '0',
  'age', '1',
  'x-cache', 'HIT',
  'x-cache-pop', 'eu',
];

const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (_req, res) => {
  res.writeHead(302, HEAD);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`cdn-perf-floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port} pid=${process.pid}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
