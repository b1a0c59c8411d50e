// Through the real CLI: a `--target` run never touches a stage's results; it lands under results/target/<host-port>/
// with its own latest file, and needs no --stage.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../../harness/results/read-result.ts';
import { startTargetServer, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sl-cli-target-'));
let server: StartedTargetServer;
beforeAll(async () => {
  server = await startTargetServer({ latencyMs: 1 });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SHORT = ['--rate', '50', '--step-duration', '1s', '--warmup', '0', '--seed-links', '100'];

describe('scaleladder bench --target (real CLI, fixture server)', () => {
  it('given --target without --stage, then the result goes to results/target/<host-port>/ with its own latest file, and stage-1 results are untouched', async () => {
    const stage1Latest = join(dir, 'latest-stage-1.json');
    writeFileSync(stage1Latest, 'stage 1 figures: must survive');
    const r = await runCli(['bench', '--target', server.url, ...SHORT, '--results-dir', dir]);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const folder = join(dir, 'target', `127.0.0.1-${server.port}`);
    const files = readdirSync(folder).filter((f) => f !== 'latest.json');
    expect(files).toHaveLength(1);
    expect(existsSync(join(folder, 'latest.json'))).toBe(true);
    const result = readResult(join(folder, 'latest.json'));
    expect(result.stage).toBe(0);
    expect(result.config.target).toBe(server.url);
    expect(result.steps[0].requests.completed).toBeGreaterThan(20);
    expect(existsSync(join(dir, 'stage-1'))).toBe(false);
    expect(existsSync(join(dir, 'stage-0'))).toBe(false);
    expect(readdirSync(dir).filter((f) => /^latest-stage-/.test(f))).toEqual(['latest-stage-1.json']);
    expect(r.stderr).toMatch(new RegExp(`result written to .*target/127\\.0\\.0\\.1-${server.port}/`));
  }, 60_000);

  it('given --target with --stage 1, then the stage is recorded for its figures but the files still go under target/', async () => {
    const sub = join(dir, 'with-stage');
    const r = await runCli(['bench', '--target', server.url, '--stage', '1', ...SHORT, '--calibrate', '0', '--results-dir', sub]);
    expect(r.code).toBe(0);
    expect(readResult(join(sub, 'target', `127.0.0.1-${server.port}`, 'latest.json')).stage).toBe(1);
    expect(existsSync(join(sub, 'latest-stage-1.json'))).toBe(false);
    expect(existsSync(join(sub, 'stage-1'))).toBe(false);
  }, 60_000);

  it('given neither --stage nor --target, then one line saying what is needed and exit 2', async () => {
    const r = await runCli(['bench', '--rate', '10', '--results-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--stage/);
  }, 30_000);
});
