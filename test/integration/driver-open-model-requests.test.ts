// What the open-model driver puts on the wire: the workload's methods, paths, JSON bodies and region headers.
import { afterEach, describe, expect, it } from 'vitest';
import { startTargetServer, type SeenRequest, type StartedTargetServer } from '../fixtures/driver-target-server.ts';
import { openModelDriver } from '../../harness/drivers/open-model/open-model-driver.ts';
import { normalizeWorkload } from '../../loadtests/workload/workload-config.ts';

const codes = Array.from({ length: 200 }, (_, i) => `k${String(i).padStart(6, '0')}`);
let server: StartedTargetServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('open-model driver requests', () => {
  it('given a mixed workload with regions, then the target sees the mix and the driver counts what it answered', async () => {
    const seen: SeenRequest[] = [];
    server = await startTargetServer({ latencyMs: 0, onRequest: (r) => seen.push(r) });
    const workload = normalizeWorkload({ readWriteRatio: 10, unknownShare: 0.1, metadataShare: 0.1, regions: { eu: 1, us: 1 } });

    const m = await openModelDriver.runStep({
      baseUrl: server.url,
      rate: 300,
      durationS: 1,
      connections: 4,
      workload,
      codes,
      timeoutMs: 5000,
      threads: 1,
      streamId: 2,
    });

    expect(seen).toHaveLength(300);
    expect(m.completed).toBe(300);
    expect(m.errors).toEqual({});
    for (const r of seen) expect(['eu', 'us']).toContain(r.headers['x-client-region']);
    const posts = seen.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(5);
    for (const p of posts) {
      expect(p.url).toBe('/api/links');
      expect(p.headers['content-type']).toBe('application/json');
      expect(JSON.parse(p.body).url).toMatch(/^https:\/\//);
    }
    const serverCounts: Record<string, number> = {};
    for (const r of seen) serverCounts[r.status] = (serverCounts[r.status] ?? 0) + 1;
    expect(m.statusCounts).toEqual(serverCounts);
    expect(Object.keys(m.byEndpoint).sort()).toEqual(['create', 'metadata', 'redirect', 'unknown']);
    expect(m.byEndpoint.create.totalCount).toBe(posts.length);
  });
});
