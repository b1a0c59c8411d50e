// The README's measured numbers are generated from the committed baselines: the block must match what they give.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('README numbers', () => {
  it('given the committed results/baselines, then the README block is exactly what scripts/readme-numbers.mjs writes', () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'scripts/readme-numbers.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/README matches results\/baselines/);
  }, 60_000);
});
