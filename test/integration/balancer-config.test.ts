// Generated nginx and HAProxy configs: every algorithm passes the real binary's own check, with the directives the stage relies on.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BALANCER_ALGORITHMS, MEASUREMENT_ONLY_ALGORITHMS, parseAlgorithm, parseBalancer } from '../../targets/balancer/algorithms.ts';
import { nginxConfig } from '../../targets/balancer/nginx-config.ts';
import { haproxyConfig } from '../../targets/balancer/haproxy-config.ts';
import { checkUpstreams } from '../../targets/balancer/upstream.ts';
import { haproxyConfFile, writeHaproxyConf } from '../../harness/services/haproxy.ts';
import { nginxSpec, nginxSupportsErrorLogFlag, nginxVersion } from '../../harness/services/nginx.ts';
import { UserError } from '../../harness/errors/user-error.ts';

const ups = [
  { host: '127.0.0.1', port: 40001, id: 'app-1' },
  { host: '127.0.0.1', port: 40002, id: 'app-2' },
];
let runDir: string;

beforeAll(() => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-balcfg-'));
});
afterAll(() => fs.rmSync(runDir, { recursive: true, force: true }));

/** stdout + stderr of a config check (warnings go to stderr); throws with both when the check fails. */
function check(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${out}`);
  return out;
}

describe.each([...BALANCER_ALGORITHMS, ...MEASUREMENT_ONLY_ALGORITHMS])('algorithm %s', (algorithm) => {
  it('nginx: `nginx -t` accepts the config; the balancing directive comes before keepalive', () => {
    const dir = path.join(runDir, `nginx-${algorithm}`);
    const spec = nginxSpec({ port: 40100, upstreams: ups, algorithm, runDir: dir });
    const conf = spec.args[spec.args.indexOf('-c') + 1];
    const out = check('nginx', ['-e', 'stderr', '-p', dir, '-c', conf, '-t']);
    expect(out).toContain('test is successful');
    expect(out).not.toMatch(/\[warn\]/);
    const text = fs.readFileSync(conf, 'utf8');
    const upstream = text.slice(text.indexOf('upstream apps {'), text.indexOf('}', text.indexOf('upstream apps {')));
    const balance = { 'round-robin': null, 'least-connections': 'least_conn;', 'consistent-hash': 'hash $code consistent;', 'power-of-two': 'random two least_conn;', 'modulo-hash': 'hash $code;' }[algorithm];
    if (balance !== null) expect(upstream.indexOf(balance)).toBeLessThan(upstream.indexOf('keepalive '));
    expect(upstream).toContain('server 127.0.0.1:40001 max_fails=1 fail_timeout=2s;');
  });

  it('haproxy: `haproxy -c` accepts the config without warnings', () => {
    const dir = path.join(runDir, `haproxy-${algorithm}`);
    writeHaproxyConf({ port: 40100, upstreams: ups, algorithm, runDir: dir, statsPort: 40101 });
    const out = check('haproxy', ['-c', '-f', haproxyConfFile(dir)]);
    expect(out).toContain('Configuration file is valid');
    expect(out).not.toMatch(/WARNING/);
  });
});

describe('nginx config', () => {
  it('is standalone: foreground, own pid file and temp paths in the run folder, keep-alive both ways, upstream header', () => {
    const text = nginxConfig({ port: 40100, upstreams: ups, algorithm: 'consistent-hash', runDir: '/run dir/x' });
    for (const line of [
      'daemon off;',
      'master_process on;',
      'worker_processes 1;',
      'pid "/run dir/x/nginx.pid";',
      'access_log off;',
      'client_body_temp_path "/run dir/x/nginx-temp/client_body";',
      'proxy_temp_path "/run dir/x/nginx-temp/proxy";',
      'keepalive_requests 100000;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_next_upstream error timeout;',
      'add_header X-Upstream-Addr $upstream_addr always;',
      'listen 127.0.0.1:40100 backlog=4096;',
      '~^/api/links/(?<c>[A-Za-z0-9_-]+)$ $c;',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('this nginx supports -e (>= 1.19.5)', () => {
    expect(nginxSupportsErrorLogFlag(nginxVersion())).toBe(true);
    expect(nginxSupportsErrorLogFlag('1.18.0')).toBe(false);
    expect(nginxSupportsErrorLogFlag('1.19.5')).toBe(true);
    expect(nginxSupportsErrorLogFlag(null)).toBe(false);
  });
});

describe('haproxy config', () => {
  it('has health checks, connection reuse, GET-only L7 retries, the upstream header, and hashes the path without /api/links/', () => {
    const text = haproxyConfig({ port: 40100, upstreams: ups, algorithm: 'consistent-hash' });
    for (const line of [
      'mode http',
      'timeout connect 1s',
      'http-reuse safe',
      'option httpchk GET /healthz',
      'default-server check inter 500ms fall 2 rise 2',
      'http-response set-header X-Upstream-Server %s',
      'retry-on conn-failure empty-response',
      'http-request disable-l7-retry unless METH_GET',
      'balance hash path,regsub(^/api/links/,/)',
      'hash-type consistent',
      'server app-2 127.0.0.1:40002',
    ]) {
      expect(text).toContain(line);
    }
  });
});

describe('input rules', () => {
  it('rejects empty, duplicate or malformed upstreams with the rule in the message', () => {
    expect(() => checkUpstreams([])).toThrow(/at least one/);
    expect(() => checkUpstreams([ups[0], ups[0]])).toThrow(/appears twice/);
    expect(() => checkUpstreams([{ ...ups[0], port: 0 }])).toThrow(/port must be/);
    expect(() => checkUpstreams([{ ...ups[0], id: 'has space' }])).toThrow(/letters, digits/);
  });
  it('a wrong --algorithm or --balancer is a UserError listing the choices', () => {
    expect(parseAlgorithm('consistent-hash')).toBe('consistent-hash');
    expect(() => parseAlgorithm('ring')).toThrow(UserError);
    expect(() => parseAlgorithm('ring')).toThrow(/round-robin, least-connections, consistent-hash, power-of-two/);
    expect(() => parseBalancer('envoy')).toThrow(/nginx, haproxy/);
  });
});
