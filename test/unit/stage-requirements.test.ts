// What each stage needs (harness/stages/stage-requirements.ts): options that change it, and readiness on a fake system.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { componentNeeds, skipLine, stageNeeds, stageReadiness } from '../../harness/stages/stage-requirements.ts';
import { implementedStages } from '../../harness/stages/stage-registry.ts';

const root = mkdtempSync(join(tmpdir(), 'scaleladder-needs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeBin(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), '#!/bin/sh\n');
  chmodSync(join(dir, name), 0o755);
}

describe('stage requirements', () => {
  it('every implemented stage has an entry (a new stage must say what it needs)', () => {
    for (const s of implementedStages()) expect(stageNeeds(s).map((t) => t.binary), `stage ${s}`).toBeDefined();
    expect(stageNeeds(1)).toEqual([]);
    expect(stageNeeds(3).map((t) => t.binary)).toEqual(['redis-server', 'nginx']);
  });

  it('given --balancer haproxy, then haproxy replaces nginx; given --db postgres, then the PostgreSQL server is added', () => {
    expect(stageNeeds(3, { balancer: 'haproxy' })).toEqual([
      { binary: 'redis-server', pkg: 'redis-server' },
      { binary: 'haproxy', pkg: 'haproxy' },
    ]);
    expect(stageNeeds(1, { db: 'postgres' })).toEqual([{ binary: 'postgres', pkg: 'postgresql' }]);
  });

  it('given --with / --without components, then the needs follow the components, each binary once', () => {
    expect(stageNeeds(1, { with: ['redis'] }).map((t) => t.binary)).toEqual(['redis-server']);
    expect(stageNeeds(3, { without: ['balancer'] }).map((t) => t.binary)).toEqual(['redis-server']);
    expect(stageNeeds(5).map((t) => t.binary)).toEqual(['redis-server', 'redis-cli', 'nginx']);
    expect(componentNeeds(['redis', 'redis-cluster', 'balancer'], { balancer: 'haproxy' })).toEqual([
      { binary: 'redis-server', pkg: 'redis-server' },
      { binary: 'redis-cli', pkg: 'redis-tools' },
      { binary: 'haproxy', pkg: 'haproxy' },
    ]);
  });

  it("given postgres only in Debian's <root>/<major>/bin (off PATH), then it counts as present", () => {
    const bin = join(root, 'path');
    fakeBin(bin, 'redis-server');
    const pgRoot = join(root, 'postgresql');
    expect(stageReadiness([2], { pathEnv: bin, pgRoot, db: 'postgres' })[0].missing.map((t) => t.binary)).toEqual(['postgres']);
    fakeBin(join(pgRoot, '15', 'bin'), 'postgres');
    expect(stageReadiness([2], { pathEnv: bin, pgRoot, db: 'postgres' })[0].missing).toEqual([]);
  });

  it('the skip line names each missing binary once and each package once', () => {
    const [r] = stageReadiness([5], { pathEnv: join(root, 'empty') });
    expect(skipLine(r)).toBe('stage 5 skipped: redis-server, redis-cli, nginx not found (install: apt-get install redis-server redis-tools nginx)');
  });
});
