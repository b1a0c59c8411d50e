// Durability under kill -9: every create answered 201 is still resolvable after the app process is SIGKILLed in the
// middle of concurrent writes and restarted on the same SQLite file; also with two processes on one file, one killed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { seedLinks } from '../../targets/app/seed-links.ts';
import { countLinks, startAppChild, withReadOnlyDb, type AppChild } from '../helpers/app-child.ts';
import { presentUrls, runCreateLoad, unresolvable, type CreateOutcome, type ResolveProblem } from '../helpers/create-load.ts';

const ADMIN_TOKEN = 'durability-admin-token';
const SEEDED = 200;
const WORKERS = 40;
const LOAD_MS = 1500;

const dir = mkdtempSync(join(tmpdir(), 'scaleladder-durability-'));
const supervisor = new Supervisor({ runDir: dir });
const report: string[] = [];

afterAll(async () => {
  console.log(['durability-kill9:', ...report].join('\n  '));
  await supervisor.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The pid the app printed on its ready line: the process we SIGKILL must be the server itself. */
function printedPid(app: AppChild): number {
  const m = /scaleladder-app listening on \S+ pid=(\d+)/.exec(readFileSync(app.service.logFile, 'utf8'));
  return m === null ? -1 : Number(m[1]);
}

async function start(name: string, dbPath: string): Promise<AppChild> {
  const app = await startAppChild(supervisor, { name, dbPath, adminToken: ADMIN_TOKEN });
  expect(printedPid(app)).toBe(app.pid);
  return app;
}

/** After a SIGKILL: the exit was that signal; then release the supervisor's handle (and any leftover group member). */
async function reap(app: AppChild): Promise<void> {
  expect(await app.service.exited).toMatchObject({ signal: 'SIGKILL' });
  await app.service.stop();
}

interface Counts {
  acknowledged: number;
  lostAfterAck: number;
  unacknowledged: number;
  unacknowledgedPresent: number;
  otherStatuses: Record<string, number>;
}

/** Splits outcomes, checks every ack resolves through `via`, and looks for unanswered creates in the file. */
async function tally(outcomes: CreateOutcome[], via: AppChild, dbPath: string): Promise<Counts & { lost: ResolveProblem[] }> {
  const acks = outcomes.filter((o): o is Extract<CreateOutcome, { kind: 'ack' }> => o.kind === 'ack');
  const unanswered = outcomes.filter((o) => o.kind === 'no-answer');
  const otherStatuses: Record<string, number> = {};
  for (const o of outcomes) if (o.kind === 'status') otherStatuses[o.status] = (otherStatuses[o.status] ?? 0) + 1;
  const lost = await unresolvable(via, acks);
  const present = presentUrls(dbPath, unanswered.map((o) => o.url));
  return {
    acknowledged: acks.length,
    lostAfterAck: new Set(lost.map((l) => l.code)).size,
    unacknowledged: unanswered.length,
    unacknowledgedPresent: present.size,
    otherStatuses,
    lost,
  };
}

function line(label: string, c: Counts): string {
  const other = Object.entries(c.otherStatuses).map(([s, n]) => `${s}=${n}`).join(' ') || 'none';
  return `${label}: acknowledged=${c.acknowledged} lost-after-ack=${c.lostAfterAck} unacknowledged=${c.unacknowledged} ` +
    `unacknowledged-but-present=${c.unacknowledgedPresent} other-statuses=${other}`;
}

function integrityOk(dbPath: string): string {
  return withReadOnlyDb(dbPath, (db) => db.pragma('integrity_check', { simple: true }) as string);
}

describe('durability under kill -9', () => {
  it('given one app under 40 concurrent creates, when it is SIGKILLed mid-load and restarted on the same file (2 rounds), then every 201 is still resolvable', async () => {
    const dbPath = join(dir, 'single.sqlite');
    seedLinks(dbPath, SEEDED, { reset: true });
    let app = await start('dur-single-0', dbPath);
    const everyAck: CreateOutcome[] = [];
    let unackPresentTotal = 0;

    for (let round = 1; round <= 2; round++) {
      const killAt = LOAD_MS / 2 + Math.round((Math.random() - 0.5) * 300);
      const { outcomes, killedAtMs } = await runCreateLoad({ apps: [app], workers: WORKERS, durationMs: LOAD_MS, kills: [{ app, atMs: killAt }], tag: `single-r${round}` });
      expect(killedAtMs.has(app.pid)).toBe(true);
      await reap(app);

      app = await start(`dur-single-${round}`, dbPath);
      const c = await tally(outcomes, app, dbPath);
      report.push(line(`one process, round ${round} (kill at ${Math.round(killedAtMs.get([...killedAtMs.keys()][0])!)} ms)`, c));
      expect(c.acknowledged, 'creates acknowledged before the kill').toBeGreaterThan(0);
      expect(c.lost.slice(0, 10)).toEqual([]);
      expect(c.otherStatuses).toEqual({});
      everyAck.push(...outcomes.filter((o) => o.kind === 'ack'));
      unackPresentTotal += c.unacknowledgedPresent;
      // The file holds exactly the seed, the acknowledged creates, and the unanswered ones that landed: no phantoms.
      expect(countLinks(dbPath)).toBe(SEEDED + everyAck.length + unackPresentTotal);
      expect(integrityOk(dbPath)).toBe('ok');
    }
    // Round 1's links survived round 2's crash too.
    const acks = everyAck.filter((o): o is Extract<CreateOutcome, { kind: 'ack' }> => o.kind === 'ack');
    expect((await unresolvable(app, acks)).slice(0, 10)).toEqual([]);
    expect(new Set(acks.map((a) => a.code)).size).toBe(acks.length);
  });

  it('given two apps on one file under concurrent creates, when one is SIGKILLed mid-load, then the survivor keeps writing and every 201 of both resolves, before and after a restart', async () => {
    const dbPath = join(dir, 'shared.sqlite');
    seedLinks(dbPath, SEEDED, { reset: true });
    const [p1, p2] = await Promise.all([start('dur-shared-p1', dbPath), start('dur-shared-p2', dbPath)]);
    const killAt = LOAD_MS / 2 + Math.round((Math.random() - 0.5) * 300);
    const { outcomes, killedAtMs } = await runCreateLoad({ apps: [p1, p2], workers: WORKERS, durationMs: LOAD_MS, kills: [{ app: p1, atMs: killAt }], tag: 'shared' });
    await reap(p1);
    const killedAt = killedAtMs.get(p1.pid)!;

    const fromP1 = outcomes.filter((o) => o.app === p1.service.name);
    const fromP2 = outcomes.filter((o) => o.app === p2.service.name);
    // The survivor: every request answered, and it kept acknowledging creates after its peer died mid-write.
    expect(fromP2.filter((o) => o.kind === 'no-answer')).toEqual([]);
    expect(fromP2.filter((o) => o.kind === 'ack' && o.atMs > killedAt + 50).length, 'survivor acks after the kill').toBeGreaterThan(0);
    // Lock timeouts (503 + Retry-After) are the only tolerated refusal; anything else is a failure.
    const refused = fromP2.filter((o) => o.kind === 'status');
    expect(refused.filter((o) => !(o.kind === 'status' && o.status === 503 && o.retryAfter !== undefined))).toEqual([]);

    // Everything acknowledged by either process resolves through the survivor, at once...
    const c1 = await tally(fromP1, p2, dbPath);
    const c2 = await tally(fromP2, p2, dbPath);
    report.push(line(`two processes, killed one (at ${Math.round(killedAt)} ms)`, c1));
    report.push(line('two processes, the survivor', c2));
    expect(c1.acknowledged).toBeGreaterThan(0);
    expect(c1.lost.slice(0, 10)).toEqual([]);
    expect(c2.lost.slice(0, 10)).toEqual([]);

    // ...and through the killed one, restarted on the same file beside the survivor.
    const p1b = await start('dur-shared-p1-restarted', dbPath);
    const acks = outcomes.filter((o): o is Extract<CreateOutcome, { kind: 'ack' }> => o.kind === 'ack');
    expect((await unresolvable(p1b, acks)).slice(0, 10)).toEqual([]);
    expect(new Set(acks.map((a) => a.code)).size).toBe(acks.length);
    expect(countLinks(dbPath)).toBe(SEEDED + acks.length + c1.unacknowledgedPresent + c2.unacknowledgedPresent);
    expect(integrityOk(dbPath)).toBe('ok');
  });
});
