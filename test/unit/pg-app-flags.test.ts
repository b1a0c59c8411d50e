// The app flags a stage passes to point apps at a harness-owned PostgreSQL, read back by the app's own parser.
import { describe, expect, it } from 'vitest';
import { pgAppFlagArgs } from '../../harness/services/postgres-app-flags.ts';
import { parseServerArgs } from '../../targets/app/server-args.ts';

describe('pgAppFlagArgs', () => {
  it('given a primary, replicas, a pool and a mode, when built and parsed by the app, then the app sees the same values', () => {
    const f = { url: 'postgres://postgres@127.0.0.1:5000/postgres', replicaUrls: ['postgres://postgres@127.0.0.1:5001/postgres', 'postgres://postgres@127.0.0.1:5002/postgres'], pool: 3, readYourWrites: 'fix' as const };
    expect(parseServerArgs(pgAppFlagArgs(f))).toMatchObject({ pgUrl: f.url, pgReplicaUrls: f.replicaUrls, pgPool: 3, readYourWrites: 'fix' });
  });

  it('given only a primary, when built, then only --pg-url (the app keeps its own defaults)', () => {
    expect(pgAppFlagArgs({ url: 'postgres://postgres@127.0.0.1:5000/postgres', replicaUrls: [] })).toEqual(['--pg-url', 'postgres://postgres@127.0.0.1:5000/postgres']);
  });
});
