// Finding the PostgreSQL server tools (Debian keeps them off PATH) and the one-line error when they are missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../harness/errors/user-error.ts';
import { asUser, candidateBinDirs, findPgBinaries } from '../../harness/services/postgres-binaries.ts';
import { postgresConf } from '../../harness/services/postgres-conf.ts';

describe('findPgBinaries', () => {
  it('given no server anywhere, when looked up, then one UserError line naming the Debian package', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-nopg-'));
    try {
      let err: unknown;
      try {
        findPgBinaries({ PATH: empty }, path.join(empty, 'no-debian-root'));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).not.toContain('\n');
      expect((err as Error).message).toMatch(/apt-get install postgresql/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('given several Debian majors and SCALELADDER_PG_BIN, when listed, then the env folder first, then the newest major', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-pgroot-'));
    try {
      for (const m of ['9.6', '15', '13']) fs.mkdirSync(path.join(root, m, 'bin'), { recursive: true });
      expect(candidateBinDirs({ PATH: '', SCALELADDER_PG_BIN: '/opt/pg/bin' }, root)).toEqual(['/opt/pg/bin', path.join(root, '15', 'bin'), path.join(root, '13', 'bin'), path.join(root, '9.6', 'bin')]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('given a user to run as, when the command line is built, then setpriv execs the server in place as that user', () => {
    expect(asUser({ name: 'postgres', uid: 101, gid: 104 }, '/usr/lib/postgresql/15/bin/postgres', ['-D', '/d'])).toEqual({
      command: 'setpriv',
      args: ['--reuid=101', '--regid=104', '--init-groups', '--', '/usr/lib/postgresql/15/bin/postgres', '-D', '/d'],
    });
    expect(asUser(undefined, '/bin/postgres', ['-D', '/d'])).toEqual({ command: '/bin/postgres', args: ['-D', '/d'] });
  });
});

describe('postgresConf', () => {
  it('given a port, when written, then loopback only, that port, no Unix socket, SQLite-like durability and replication on', () => {
    const conf = postgresConf({ port: 5999 });
    for (const line of ["listen_addresses = '127.0.0.1'", 'port = 5999', "unix_socket_directories = ''", 'fsync = on', 'synchronous_commit = off', 'wal_level = replica', 'hot_standby = on']) {
      expect(conf.split('\n')).toContain(line);
    }
    expect(postgresConf({ port: 1, fsync: false })).toMatch(/^fsync = off$/m);
  });
});
