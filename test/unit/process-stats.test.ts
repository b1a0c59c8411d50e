// readProcStat / readProcessTreeStat against real processes: CPU grows while busy, RSS is real, a gone pid is null.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processTree, readProcessTreeStat, readProcStat, statFields } from '../../harness/measure/process-stats.ts';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { Wait } from '../../harness/supervisor/wait.ts';
import { runNode, type NodeChild } from '../fixtures/proc-node.ts';
import { fixtureSpec } from '../fixtures/proc-spec.ts';

const children: NodeChild[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterEach(() => children.splice(0).forEach((c) => c.kill()));

describe('readProcStat', () => {
  it('given a busy-looping child, when read twice 600 ms apart, then its CPU seconds grow and RSS is real', async () => {
    // Only "grows": on a shared 2-core machine the child may get a small share of a core.
    const busy = await runNode("console.log('go'); for (;;) {}");
    children.push(busy);
    await busy.nextLine();

    const a = readProcStat(busy.pid)!;
    await sleep(600);
    const b = readProcStat(busy.pid)!;

    expect(b.cpuSeconds - a.cpuSeconds).toBeGreaterThan(0.02);
    expect(b.cpuSeconds).toBeCloseTo(b.userSeconds + b.sysSeconds, 9);
    expect(b.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(b.threads).toBeGreaterThanOrEqual(1);
    if (process.platform === 'linux') expect(b.hwmBytes).toBeGreaterThanOrEqual(b.rssBytes);
  });

  it('given a pid that has exited, then null', async () => {
    const quick = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => quick.once('exit', r));
    expect(readProcStat(quick.pid!)).toBeNull();
  });

  it('given a command name with spaces and parens, then stat fields are split after the last paren', () => {
    const f = statFields('4242 (a) b (c) S 1 4242 4242 0 -1 4194304 0 0 0 0 150 50 0 0 20 0 3 0 0 0 0');
    expect(f[0]).toBe('S');
    expect(f[11]).toBe('150'); // utime
    expect(f[12]).toBe('50'); // stime
    expect(f[17]).toBe('3'); // threads
  });
});

describe('readProcessTreeStat', () => {
  it('given a parent with two busy children, then the tree includes them and sums their CPU and RSS', async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-stats-'));
    const supervisor = new Supervisor({ runDir });
    try {
      const svc = await supervisor.start(
        fixtureSpec('proc-busy-loop.ts', { name: 'tree', env: { CHILDREN: '2', BURN_MS: '0', BALLAST_MB: '8' }, ready: Wait.forLogLine(/^ready/) }),
      );
      await sleep(700);
      const kids = [...fs.readFileSync(svc.logFile, 'utf8').matchAll(/child (\d+)/g)].map((m) => Number(m[1]));
      expect(kids).toHaveLength(2);
      expect(processTree(svc.pid)).toEqual(expect.arrayContaining([svc.pid, ...kids]));

      const parent = readProcStat(svc.pid)!;
      const tree = readProcessTreeStat(svc.pid)!;
      const kidCpu = kids.map((k) => readProcStat(k)!.cpuSeconds).reduce((a, b) => a + b, 0);

      expect(kidCpu).toBeGreaterThan(0.02);
      // Kids were read last, so they may be a tick or two ahead of the tree reading.
      expect(tree.cpuSeconds).toBeGreaterThanOrEqual(parent.cpuSeconds + kidCpu - 0.03);
      expect(tree.rssBytes).toBeGreaterThan(parent.rssBytes);
      expect(tree.threads).toBeGreaterThan(parent.threads);
      expect(readProcessTreeStat(999_999_999)).toBeNull();
    } finally {
      await supervisor.stopAll();
      fs.rmSync(runDir, { recursive: true, force: true });
    }
  });
});
