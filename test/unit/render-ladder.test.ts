// The "what each fix buys" table shows each stage's knee and p99 with the change against the stage before.
import { describe, expect, it } from 'vitest';
import { renderLadder } from '../../harness/render/render-ladder.ts';
import { syntheticResult } from '../helpers/synthetic-step.ts';

describe('renderLadder', () => {
  it('given stage 1 and a faster stage 2, then stage 2 shows its knee gain and lower p99 as better', () => {
    const s1 = syntheticResult(Array.from({ length: 1000 }, () => 20_000));
    s1.knee = { rate: 1000, slo: { p99Ms: 100, errorRate: 0.001 }, brokeBy: 'at 1100 req/s: app-1 CPU saturated', probes: [] };
    const s2 = syntheticResult(Array.from({ length: 1000 }, () => 5_000));
    s2.stage = 2;
    s2.knee = { ...s1.knee, rate: 3000 };
    s2.steps[0].figures = { dbReadsPerRedirect: 0.1, cacheHitRatio: 0.9 };
    const out = renderLadder([s2, s1]);
    const lines = out.split('\n');
    const row1 = lines.find((l) => l.startsWith('1 '))!;
    const row2 = lines.find((l) => l.startsWith('2 '))!;
    expect(row1).toContain('1,000');
    expect(row2).toMatch(/3,000 \(\+200% better\)/);
    expect(row2).toMatch(/5\.0\d \(-75% better\)/);
    expect(row2).toMatch(/0\.100 \(-90% better\)/);
    expect(row2).toContain("redis 90.0%");
    expect(out).toContain('stage 1: knee 1,000 req/s, broke at 1100 req/s: app-1 CPU saturated');
  });
});
