// Composable readiness strategies: a log line, an HTTP status, an open port, all of them in order, or (a job) just running.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { WaitContext, WaitProbe, WaitStrategy } from './wait-strategy.ts';

export type { WaitStrategy } from './wait-strategy.ts';

/** Sets url and port on the context from a ready-line capture: a URL gives both, a bare number gives the port. */
function applyCapture(ctx: WaitContext, capture: string | undefined): void {
  if (capture === undefined) return;
  const text = capture.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const u = new URL(text);
      ctx.url = text;
      const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : u.protocol === 'http:' ? 80 : undefined;
      if (port !== undefined) ctx.port = port;
    } catch {
      // not a URL after all: leave url and port alone
    }
  } else if (/^\d{1,5}$/.test(text) && Number(text) > 0 && Number(text) < 65536) {
    ctx.port = Number(text);
  }
}

function forLogLine(re: RegExp): WaitStrategy {
  // Without g/y the regex keeps no lastIndex state between lines.
  const matcher = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  return {
    description: `log line ${matcher}`,
    begin(ctx) {
      let matched = false;
      ctx.onLine((line) => {
        if (matched) return;
        const m = matcher.exec(line);
        if (m) {
          matched = true;
          applyCapture(ctx, m[1]);
        }
      });
      return async () => matched;
    },
  };
}

function baseUrlOf(ctx: WaitContext): string | undefined {
  if (ctx.url) return ctx.url;
  if (ctx.port) return `http://${ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host}:${ctx.port}`;
  return undefined;
}

function httpStatus(url: URL, timeoutMs: number, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { agent: false, timeout: timeoutMs, signal, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

function forHttp(path: string, opts: { status?: number } = {}): WaitStrategy {
  const { status } = opts;
  const accepts = (code: number): boolean => (status === undefined ? code >= 200 && code < 300 : code === status);
  return {
    description: `HTTP ${status ?? '2xx'} from GET ${path}`,
    begin(ctx) {
      return async (attemptTimeoutMs) => {
        const base = baseUrlOf(ctx);
        if (base === undefined) return false; // needs a port or url from the spec or an earlier strategy
        const code = await httpStatus(new URL(path, base), attemptTimeoutMs, ctx.signal);
        if (code === null || !accepts(code)) return false;
        ctx.url ??= base;
        return true;
      };
    },
  };
}

function canConnect(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function forPort(port: number, host?: string): WaitStrategy {
  return {
    description: `TCP port ${port}${host ? ` on ${host}` : ''} accepting connections`,
    begin(ctx) {
      return async (attemptTimeoutMs) => {
        const ok = await canConnect(port, host ?? ctx.host, attemptTimeoutMs);
        if (ok) ctx.port ??= port;
        return ok;
      };
    },
  };
}

function all(...strategies: WaitStrategy[]): WaitStrategy {
  return {
    description: strategies.map((s) => s.description).join(', then '),
    begin(ctx) {
      // Every sub-strategy begins now, so a log matcher sees lines written before earlier strategies pass.
      const probes: WaitProbe[] = strategies.map((s) => s.begin(ctx));
      let next = 0;
      return async (attemptTimeoutMs) => {
        while (next < probes.length) {
          if (!(await probes[next](attemptTimeoutMs))) return false;
          next++;
        }
        return true;
      };
    },
  };
}

/** A job rather than a server (a perf section, a one-shot writer): ready as soon as it runs; its exit is awaited apart. */
function running(): WaitStrategy {
  return { description: 'the process running', begin: () => async () => true };
}

export const Wait = { forLogLine, forHttp, forPort, all, running } as const;
