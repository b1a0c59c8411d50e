// Perf probe of the CDN emulator's hit path: CPU-ms per cache hit of targets/cdn next to nginx proxy_cache serving the
// same hits from the same fixture origin (goal of issue 16: ≤ 1.0×), and a floor: a bare node:http server writing a
// prebuilt 302 (cdn-perf-floor.ts), i.e. what Node itself costs per answer. Prints numbers; asserts nothing.
// Usage: node --import tsx harness/perf/cdn-perf.ts [--duration 5] [--connections 50] [--hot 100] [--rounds 2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readProcessTreeStat } from '../measure/process-stats.ts';
import { cdnSpec } from '../services/cdn.ts';
import { nodeTsCommand } from '../services/node-ts-command.ts';
import { freePort } from '../supervisor/free-port.ts';
import type { Supervisor } from '../supervisor/supervisor.ts';
import { Wait } from '../supervisor/wait.ts';
import { perfTargetCpus, withPerfSupervisor } from './perf-supervisor.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    hot: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
  },
});
const DURATION_S = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const HOT = Number(values.hot);
const ROUNDS = Number(values.rounds);
const CACHE_CONTROL = 'public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400';

/** A started target; the supervisor stops it. */
interface Target {
  name: string;
  url: string;
  pid: number;
}

/** The origin: a redirect per code, shaped like the stage-4 app's (Location, Cache-Control, ETag, Surrogate-Key). */
async function startOrigin(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const code = (req.url ?? '/').slice(1);
    res.writeHead(302, {
      Location: `https://example.com/${code}/landing-page?utm_source=scaleladder`,
      'Cache-Control': CACHE_CONTROL,
      ETag: `"${code}.v1"`,
      'Surrogate-Key': `link-${code}`,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': '0',
    });
    res.end();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** The emulator in front of the origin (services/cdn.ts's launch spec), one PoP, pinned like the others. */
async function startCdnTarget(supervisor: Supervisor, origin: string, cpus: string | undefined): Promise<Target> {
  const svc = await supervisor.start({ ...cdnSpec({ origin, pops: ['eu'], cpus }), readyTimeoutMs: 15_000 });
  return { name: 'scaleladder-cdn', url: svc.url!, pid: svc.pid };
}

/** The floor: node:http answering a prebuilt 302, pinned like the others. */
async function startFloor(supervisor: Supervisor, cpus: string | undefined): Promise<Target> {
  const cmd = nodeTsCommand('harness/perf/cdn-perf-floor.ts');
  const svc = await supervisor.start({ name: 'cdn-perf-floor', role: 'fixture', ...cmd, cpus, ready: Wait.forLogLine(/cdn-perf-floor listening on (http:\/\/\S+)/), readyTimeoutMs: 15_000 });
  return { name: 'floor node:http', url: svc.url!, pid: svc.pid };
}

/** nginx with proxy_cache in front of the same origin, its generated config in the supervisor's run folder. */
async function startNginx(supervisor: Supervisor, origin: string, cpus: string | undefined): Promise<Target> {
  const dir = join(supervisor.runDir, 'nginx');
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'cache']) mkdirSync(join(dir, d), { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  writeFileSync(
    conf,
    `${user}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=cdn:16m max_size=64m inactive=60m use_temp_path=off;
  upstream origin { server ${new URL(origin).host}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache cdn;
      proxy_cache_key $request_uri;
      proxy_cache_lock on;
      proxy_cache_revalidate on;
      proxy_cache_background_update on;
      proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
      add_header X-Cache $upstream_cache_status;
    }
  }
}
`,
  );
  // Ready once nginx answers through to the origin (its 302); errors go to the supervisor's log.
  const svc = await supervisor.start({ name: 'nginx-proxy-cache', role: 'cdn', command: 'nginx', args: ['-e', 'stderr', '-p', dir, '-c', conf], port, cpus, ready: Wait.forHttp('/ready-probe', { status: 302 }) });
  return { name: 'nginx proxy_cache', url: svc.url!, pid: svc.pid };
}

async function warm(t: Target, paths: string[]): Promise<string[]> {
  const statuses: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const p of paths) {
      const r = await fetch(`${t.url}${p}`, { redirect: 'manual' });
      await r.arrayBuffer();
      if (pass === 1) statuses.push(r.headers.get('x-cache') ?? '?');
    }
  }
  return statuses;
}

interface Measured {
  responses: number;
  errors: number;
  cpuMs: number;
  rps: number;
  originDelta: number;
}

async function drive(t: Target, paths: string[], durationS: number, originRequests: () => number): Promise<Measured> {
  const before = readProcessTreeStat(t.pid);
  const o0 = originRequests();
  const r = await autocannon({
    url: t.url,
    connections: CONNECTIONS,
    duration: durationS,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  const after = readProcessTreeStat(t.pid);
  if (before === null || after === null) throw new Error(`${t.name}: process ${t.pid} is gone`);
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return { responses, errors: r.errors + r.timeouts, cpuMs: (after.cpuSeconds - before.cpuSeconds) * 1000, rps: responses / durationS, originDelta: originRequests() - o0 };
}

async function main(): Promise<void> {
  const origin = await startOrigin();
  const paths = Array.from({ length: HOT }, (_, i) => `/c${String(i).padStart(6, '0')}`);
  const results = new Map<string, Measured[]>();
  const cpus = perfTargetCpus();
  try {
    await withPerfSupervisor('cdn', async (supervisor) => {
      const targets = [await startCdnTarget(supervisor, origin.url, cpus), await startNginx(supervisor, origin.url, cpus), await startFloor(supervisor, cpus)];
      for (const t of targets) {
        const st = await warm(t, paths);
        const hits = st.filter((s) => s === 'HIT').length;
        process.stdout.write(`${t.name}: warmed ${HOT} URLs, second pass ${hits}/${HOT} X-Cache: HIT\n`);
        await drive(t, paths, 1, origin.requests); // settle (JIT, connection setup); not counted
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) {
          const m = await drive(t, paths, DURATION_S, origin.requests);
          results.set(t.name, [...(results.get(t.name) ?? []), m]);
          process.stdout.write(
            `round ${round + 1} ${t.name.padEnd(18)} ${Math.round(m.rps)} hits/s, ${(m.cpuMs / m.responses).toFixed(4)} CPU-ms/hit, ` +
              `${m.errors} errors, ${m.originDelta} origin requests\n`,
          );
        }
      }
    });
  } finally {
    origin.server.close();
    origin.server.closeAllConnections();
  }
  const perHit = (name: string) => {
    const ms = results.get(name) ?? [];
    const cpu = ms.reduce((a, m) => a + m.cpuMs, 0);
    const n = ms.reduce((a, m) => a + m.responses, 0);
    return n > 0 ? cpu / n : Number.NaN;
  };
  const cdn = perHit('scaleladder-cdn');
  const nginx = perHit('nginx proxy_cache');
  const floor = perHit('floor node:http');
  process.stdout.write(
    `\nCPU-ms per cache hit (${ROUNDS} × ${DURATION_S} s, ${CONNECTIONS} connections, ${HOT} hot URLs, server pinned to CPU 1 when possible):\n` +
      `  scaleladder-cdn    ${cdn.toFixed(4)}  ${(cdn / nginx).toFixed(2)}× nginx, ${(cdn / floor).toFixed(2)}× floor\n` +
      `  nginx proxy_cache  ${nginx.toFixed(4)}\n` +
      `  floor node:http    ${floor.toFixed(4)}  ${(floor / nginx).toFixed(2)}× nginx (a prebuilt 302: what Node allows)\n` +
      `  ratio cdn/nginx    ${(cdn / nginx).toFixed(2)}× (goal ≤ 1.0×)\n` +
      `Caveat: CPU seconds come from /proc/<pid>/stat of each server process (tree); the load generator shares the machine.\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`cdn-perf: ${(err as Error).message}\n`);
  process.exit(1);
});
