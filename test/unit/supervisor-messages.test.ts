// Pieces of the supervisor's one-line errors: exit wording, port-in-use detection, log tails, binary lookup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { describeExit, portInUse } from '../../harness/supervisor/exit-description.ts';
import { findOnPath, requireBinary } from '../../harness/measure/find-binary.ts';
import { LogFollower, lastLogLines, oneLine } from '../../harness/supervisor/log-follower.ts';

describe('describeExit', () => {
  it('given an exit code or a signal, then it words it', () => {
    expect(describeExit({ code: 1, signal: null })).toBe('exit code 1');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
  });
});

describe('portInUse', () => {
  it.each([
    ['Error: listen EADDRINUSE: address already in use 127.0.0.1:8080', 8080],
    ['# Could not create server TCP listening socket 127.0.0.1:6379: bind: Address already in use', 6379],
    ['nginx: [emerg] bind() to 127.0.0.1:8443 failed (98: Address already in use)', 8443],
    ['[ALERT] Starting frontend fe: cannot bind socket (Address already in use) [0.0.0.0:9000]', 9000],
    ['listen EADDRINUSE', true],
    // redis-server's own log line starts with a time: its ':14' is not the port.
    ['7010:M 03 Dec 2026 15:14:18.621 # Warning: Could not create server TCP listening socket 127.0.0.1:30710: bind: Address already in use', 30710],
  ] as const)('given the log line %j, then it finds %j', (line, expected) => {
    expect(portInUse(['booting', line])).toBe(expected);
  });

  it('given no bind failure, then undefined', () => {
    expect(portInUse(['fatal: config missing'])).toBeUndefined();
  });
});

describe('log tail and follower', () => {
  it('given a log with a header before the child started, then only the child lines after the offset count', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-log-'));
    const file = path.join(dir, 'x.log');
    fs.writeFileSync(file, 'old run line\n');
    const offset = fs.statSync(file).size;
    fs.appendFileSync(file, 'a\n\nb\r\nc');
    expect(lastLogLines(file, offset, 5)).toEqual(['a', 'b', 'c']);
    expect(lastLogLines(file, offset, 2)).toEqual(['b', 'c']);

    const follower = new LogFollower(file, offset);
    expect(follower.poll()).toEqual(['a', '', 'b']);
    fs.appendFileSync(file, 'd\ne');
    expect(follower.poll()).toEqual(['cd']);
    expect(follower.flush()).toEqual(['e']);
    fs.rmSync(dir, { recursive: true });
  });

  it('given long or many lines, then oneLine keeps a single bounded line', () => {
    const line = oneLine(['x'.repeat(500), 'second\tline', 'third']);
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThanOrEqual(600);
    expect(line).toMatch(/second\tline \| third$/);
    expect(oneLine([])).toBe('(log empty)');
  });
});

describe('binary lookup', () => {
  it('given a name on PATH, then its absolute path; given a missing one, then undefined', () => {
    expect(findOnPath('node', { pathEnv: path.dirname(process.execPath) })).toBe(process.execPath);
    expect(findOnPath('definitely-not-a-binary-xyz')).toBeUndefined();
  });

  it.each([
    ['redis-cli', "redis-cli not found on PATH: install it with 'apt-get install redis-tools' (or run 'scaleladder doctor')"],
    ['haproxy', "haproxy not found on PATH: install it with 'apt-get install haproxy' (or run 'scaleladder doctor')"],
    ['some-tool', "some-tool not found on PATH: install it or add its folder to PATH (or run 'scaleladder doctor')"],
  ])('given %s missing, then a UserError naming its package', (binary, message) => {
    expect.assertions(2);
    try {
      requireBinary(binary, { pathEnv: '/nonexistent' });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toBe(message);
    }
  });

  it('given k6 missing, then the message points to k6.io', () => {
    expect(() => requireBinary('k6', { pathEnv: '/nonexistent' })).toThrow(/k6 not found on PATH: install it \(.*https:\/\/k6\.io\)/);
  });
});
