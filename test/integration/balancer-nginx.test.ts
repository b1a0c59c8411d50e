// Real nginx over 3 real app processes, for each algorithm: boots, spreads load as the algorithm says, survives a killed app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../harness/supervisor/supervisor.ts';
import { nginxVersion } from '../../harness/services/nginx.ts';
import { BALANCER_ALGORITHMS } from '../../targets/balancer/algorithms.ts';
import { startAppSet, type AppSet } from '../fixtures/bal-stack.ts';
import { bootBalancer, checkKilledApp, checkSpread } from '../fixtures/bal-scenarios.ts';

let runDir: string;
let supervisor: Supervisor;
let set: AppSet;

beforeAll(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleladder-bal-nginx-'));
  supervisor = new Supervisor({ runDir });
  set = await startAppSet(supervisor, runDir, 3);
});
afterAll(async () => {
  await supervisor?.stopAll();
  fs.rmSync(runDir, { recursive: true, force: true });
});

it('nginx is installed and reports its version', () => {
  expect(nginxVersion()).toMatch(/^\d+\.\d+/);
});

describe.each(BALANCER_ALGORITHMS)('given nginx with %s over 3 app processes', (algorithm) => {
  it('then it spreads load as the algorithm says, and survives a killed app process', async () => {
    const lb = await bootBalancer(supervisor, runDir, 'nginx', algorithm, set);
    try {
      const spread = await checkSpread(lb, algorithm, set);
      const kill = await checkKilledApp(supervisor, lb, set);
      console.log(`nginx ${algorithm}: spread ${JSON.stringify(roundShares(spread))}; killed app-2: ${kill.errors} errors of ${kill.requests} requests, recovered ${kill.recoveryMs} ms after the kill; after: ${JSON.stringify(roundShares(kill.afterKill))}`);
    } finally {
      await lb.stop();
    }
  });
});

function roundShares(s: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(s).sort().map(([k, v]) => [k, Math.round(v * 100) / 100]));
}
