// Seed 004's "make the web tier stateless": two app instances over one database must answer any request identically,
// including a link created through the other one a moment before and click counts written through the other one.
import { join } from 'node:path';
import { request } from 'undici';
import { encodeId } from '../../../targets/app/codegen.ts';
import { seedLinks } from '../../../targets/app/seed-links.ts';
import { startApp } from '../../../targets/app/start-app.ts';

export interface StatelessMeasurement {
  requests: number;
  identical: number;
  share: number;
  /** The first few requests answered differently (method path: answer of A vs answer of B). */
  differences: string[];
}

/** The Host a balancer forwards to every app alike (shortUrl is built from it). */
const HOST = 'sho.rt';

/** What a client can see of an answer, minus the header naming the instance (X-Upstream). */
async function answer(base: string, method: string, path: string): Promise<string> {
  const res = await request(`${base}${path}`, { method: method as 'GET', headers: { host: HOST } });
  const text = await res.body.text();
  const h = res.headers;
  return JSON.stringify([res.statusCode, h.location ?? null, h['cache-control'] ?? null, h.etag ?? null, text]);
}

export async function measureStateless(runDir: string, links = 200): Promise<StatelessMeasurement> {
  const dbPath = join(runDir, 'stateless.sqlite');
  seedLinks(dbPath, links, { reset: true });
  const a = await startApp({ dbPath, instanceId: 'app-a', adminToken: 'stateless-probe' });
  const b = await startApp({ dbPath, instanceId: 'app-b', adminToken: 'stateless-probe' });
  const out: StatelessMeasurement = { requests: 0, identical: 0, share: 0, differences: [] };
  const compare = (what: string, x: string, y: string) => {
    out.requests++;
    if (x === y) out.identical++;
    else if (out.differences.length < 5) out.differences.push(`${what}: ${x} vs ${y}`);
  };
  try {
    for (let i = 1; i <= links; i += 1) {
      const code = encodeId(i);
      // A click through each, then the metadata (with its click count) from each: state lives in the DB, not the app.
      compare(`GET /${code}`, await answer(a.url, 'GET', `/${code}`), await answer(b.url, 'GET', `/${code}`));
      compare(`GET /api/links/${code}`, await answer(a.url, 'GET', `/api/links/${code}`), await answer(b.url, 'GET', `/api/links/${code}`));
    }
    for (let i = 0; i < 20; i++) {
      compare('GET unknown code', await answer(a.url, 'GET', `/zz${i}unknown`), await answer(b.url, 'GET', `/zz${i}unknown`));
      // Created through one instance, followed through the other.
      const made = await request(`${a.url}/api/links`, { method: 'POST', body: JSON.stringify({ url: `https://example.org/stateless/${i}` }), headers: { 'content-type': 'application/json', host: HOST } });
      const { code } = (await made.body.json()) as { code: string };
      compare(`GET /${code} (created on A)`, await answer(a.url, 'GET', `/${code}`), await answer(b.url, 'GET', `/${code}`));
    }
  } finally {
    await a.stop();
    await b.stop();
  }
  out.share = out.requests > 0 ? out.identical / out.requests : 0;
  return out;
}
