// A real process with a known idle load (0.1 core) and a known cost per request (2 CPU-ms): the marginal-cost fit recovers both.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { marginalCostByProcess } from '../../harness/analysis/marginal-cost.ts';
import { ProcessSampler } from '../../harness/measure/process-sampler.ts';
import type { StepResult } from '../../harness/results/result-types.ts';
import { syntheticStep } from '../helpers/synthetic-result.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/cpu-cost-server.mjs', import.meta.url));
const child = spawn(process.execPath, [FIXTURE, '2', '0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
afterAll(() => {
  child.kill('SIGKILL');
});

const port = new Promise<number>((resolve, reject) => {
  child.stdout!.on('data', (b: Buffer) => {
    const m = /listening (\d+)/.exec(String(b));
    if (m) resolve(Number(m[1]));
  });
  child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
});

/** Sends `rate` req/s for `seconds` (batches every 50 ms), measuring the fixture's CPU over the same window. */
async function step(p: number, rate: number, seconds: number): Promise<StepResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const sampler = new ProcessSampler([{ name: 'fixture', role: 'app', pid: child.pid! }]);
  let completed = 0;
  const inFlight: Promise<void>[] = [];
  const send = () =>
    new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: p, path: '/x', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          completed++;
          resolve();
        });
      });
      req.on('error', () => resolve());
      req.end();
    });
  sampler.start();
  const t0 = performance.now();
  let sent = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    for (; sent < due; sent++) inFlight.push(send());
    await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(inFlight);
  const [account] = sampler.stop();
  agent.destroy();
  const s = syntheticStep({ tier: `${rate}/s`, latenciesUs: [1000], achievedRate: completed / account.wallSeconds, durationS: account.wallSeconds });
  s.requests = { ...s.requests, completed };
  s.processes = [{ name: 'fixture', role: 'app', pid: child.pid!, cpuSeconds: account.cpuSeconds, utilization: account.utilization, rssPeakBytes: account.rssPeakBytes, cpuMsPerRequest: (account.cpuSeconds * 1000) / completed, allowanceCores: 2 }];
  return s;
}

describe('marginal cost of a real process', () => {
  it('given a server burning 2 CPU-ms per request and 0.1 core idle, driven at 20, 60 and 120 req/s, then slope ≈ 2 ms and intercept ≈ 0.1 core', async () => {
    const p = await port;
    await new Promise((r) => setTimeout(r, 300)); // let its startup CPU pass
    const steps: StepResult[] = [];
    for (const rate of [20, 60, 120]) steps.push(await step(p, rate, 2.5));
    const [c] = marginalCostByProcess(steps);
    // Wide margins: a shared box delays the idle timer (less idle burn), and Node's HTTP handling adds ~0.05–0.2 ms per request.
    expect(c.method).toBe('fit');
    expect(c.cpuMsPerRequest).toBeGreaterThan(1.7);
    expect(c.cpuMsPerRequest).toBeLessThan(3);
    expect(c.idleCores!).toBeGreaterThan(0.05);
    expect(c.idleCores!).toBeLessThan(0.16);
    // The average at the lowest step, idle included, is several times the marginal cost: what the ladder used to print.
    expect(steps[0].processes[0].cpuMsPerRequest).toBeGreaterThan(2 * c.cpuMsPerRequest);
  }, 30_000);
});
