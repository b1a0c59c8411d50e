// Readiness strategies in isolation: log-line capture, HTTP status, open port, and their composition.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Wait } from '../../harness/supervisor/wait.ts';
import type { WaitContext } from '../../harness/supervisor/wait-strategy.ts';

function context(init: Partial<Pick<WaitContext, 'url' | 'port'>> = {}): WaitContext & { emit(line: string): void } {
  const listeners: ((line: string) => void)[] = [];
  return {
    name: 'svc',
    host: '127.0.0.1',
    ...init,
    onLine: (l) => void listeners.push(l),
    signal: new AbortController().signal,
    emit: (line) => listeners.forEach((l) => l(line)),
  };
}

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function httpServer(status: number): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.statusCode = status;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('Wait.forLogLine', () => {
  it('given lines without a match, when probed, then it is not ready; after the matching line it is', async () => {
    const ctx = context();
    const probe = Wait.forLogLine(/Ready to accept/).begin(ctx);
    ctx.emit('starting');
    expect(await probe(100)).toBe(false);
    ctx.emit('* Ready to accept connections tcp');
    expect(await probe(100)).toBe(true);
    expect(ctx.url).toBeUndefined();
  });

  it('given a capture that is a URL, when matched, then url and port are set from it', async () => {
    const ctx = context();
    const probe = Wait.forLogLine(/listening on (\S+)/).begin(ctx);
    ctx.emit('listening on http://127.0.0.1:41234');
    expect(await probe(100)).toBe(true);
    expect(ctx.url).toBe('http://127.0.0.1:41234');
    expect(ctx.port).toBe(41234);
  });

  it('given a capture that is a bare number, when matched, then only the port is set', async () => {
    const ctx = context();
    const probe = Wait.forLogLine(/port (\d+)/g).begin(ctx);
    ctx.emit('bound port 6380');
    ctx.emit('bound port 6381');
    expect(await probe(100)).toBe(true);
    expect(ctx.port).toBe(6380);
    expect(ctx.url).toBeUndefined();
  });

  it('given one strategy used for two starts, when the first matched, then the second still waits for its own line', async () => {
    const strategy = Wait.forLogLine(/ready/);
    const a = context();
    const probeA = strategy.begin(a);
    a.emit('ready');
    const probeB = strategy.begin(context());
    expect(await probeA(100)).toBe(true);
    expect(await probeB(100)).toBe(false);
  });
});

describe('Wait.forHttp', () => {
  it('given no url or port known, when probed, then it is not ready', async () => {
    expect(await Wait.forHttp('/healthz').begin(context())(200)).toBe(false);
  });

  it('given a server answering 200 on a known port, when probed, then it is ready and the url is derived', async () => {
    const port = await httpServer(200);
    const ctx = context({ port });
    expect(await Wait.forHttp('/healthz').begin(ctx)(1_000)).toBe(true);
    expect(ctx.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('given a server answering 503, when probed for the default 2xx or for 503 exactly, then only the latter passes', async () => {
    const port = await httpServer(503);
    expect(await Wait.forHttp('/healthz').begin(context({ port }))(1_000)).toBe(false);
    expect(await Wait.forHttp('/healthz', { status: 503 }).begin(context({ port }))(1_000)).toBe(true);
  });

  it('given nothing listening, when probed, then it is not ready (and does not throw)', async () => {
    const port = await httpServer(200);
    await new Promise((r) => servers.pop()!.close(r));
    expect(await Wait.forHttp('/').begin(context({ port }))(500)).toBe(false);
  });
});

describe('Wait.forPort and Wait.all', () => {
  it('given a listening port, when probed, then ready and the port is recorded', async () => {
    const port = await httpServer(200);
    const ctx = context();
    expect(await Wait.forPort(port).begin(ctx)(500)).toBe(true);
    expect(ctx.port).toBe(port);
  });

  it('given a log line that captures the URL, when all(line, http) is probed, then http uses the captured URL', async () => {
    const port = await httpServer(200);
    const ctx = context();
    const strategy = Wait.all(Wait.forLogLine(/on (\S+)/), Wait.forHttp('/healthz'));
    expect(strategy.description).toBe('log line /on (\\S+)/, then HTTP 2xx from GET /healthz');
    const probe = strategy.begin(ctx);
    expect(await probe(500)).toBe(false);
    ctx.emit(`listening on http://127.0.0.1:${port}`);
    expect(await probe(500)).toBe(true);
  });

  it('given a line emitted before the earlier strategy passed, when all(port, line) is probed, then the line was not missed', async () => {
    const port = await httpServer(200);
    const ctx = context();
    const probe = Wait.all(Wait.forPort(port), Wait.forLogLine(/warm/)).begin(ctx);
    ctx.emit('cache warm');
    expect(await probe(500)).toBe(true);
  });
});
