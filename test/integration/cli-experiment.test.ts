// `scaleladder experiment` as a user meets it: --list names every experiment, an unknown name is one line listing the
// names (exit 2), and every registered experiment has its make target and its claim.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, experimentNames } from '../../harness/experiments/experiment-registry.ts';
import { loadClaimsFile } from '../../harness/validate/claims-file.ts';
import { repoRoot } from '../fixtures/proc-spec.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('scaleladder experiment', () => {
  it('--list prints every registered experiment with its claim', async () => {
    const r = await runCli(['experiment', '--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^experiment\s+claim\s+arms\s+question/);
    for (const e of EXPERIMENTS) expect(r.stdout).toContain(`${e.name} `);
  }, 60_000);

  it('an unknown name is one line naming the experiments, exit 2, before anything boots', async () => {
    const r = await runCli(['experiment', 'no-such-thing']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown experiment "no-such-thing": use one of/);
    for (const n of experimentNames()) expect(r.stderr).toContain(n);
  }, 60_000);

  it('every experiment has a make target and a claim in claims/seed-claims.yaml naming it', () => {
    const db = spawnSync('make', ['-p', '-q', '-R', 'help'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
    const targets = new Set([...db.matchAll(/^([a-zA-Z0-9][a-zA-Z0-9._-]*):/gm)].map((m) => m[1]));
    const claims = new Map(loadClaimsFile().claims.map((c) => [c.id, c]));
    for (const e of EXPERIMENTS) {
      expect(targets.has(`experiment-${e.name}`), `make experiment-${e.name}`).toBe(true);
      expect(claims.get(e.claimId)?.inputs.experiment, `claim ${e.claimId} with inputs.experiment`).toBe(e.name);
    }
    expect(targets.has('experiment')).toBe(true);
  });
});
