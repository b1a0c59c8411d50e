// setup()'s work against the target: wait until /healthz answers, and seed links when no codes file was given.
import { sleep } from 'k6';
import exec from 'k6/execution';
import http, { type ObjectBatchRequest } from 'k6/http';

/** Polls GET {baseUrl}/healthz every 0.5 s until 200, for at most `timeoutS`; aborts the whole test with the reason. */
export function checkTarget(baseUrl: string, timeoutS: number): void {
  const attempts = Math.max(1, Math.ceil(timeoutS / 0.5));
  let last = 'no answer';
  for (let i = 0; i < attempts; i++) {
    const res = http.get(`${baseUrl}/healthz`, { timeout: '2s', responseType: 'none', tags: { name: 'GET /healthz', phase: 'setup' } });
    if (res.status === 200) return;
    last = res.status === 0 ? `${res.error || 'connection failed'} (k6 error ${res.error_code})` : `HTTP ${res.status}`;
    if (i < attempts - 1) sleep(0.5);
  }
  exec.test.abort(`target ${baseUrl} is not healthy: GET /healthz gave ${last} for ${timeoutS} s; boot the stage (scaleladder up) or fix BASE_URL`);
}

const BATCH = 50;

/** Creates `count` links with POST /api/links in batches; codes in creation order (the first is popularity rank 1). */
export function seedLinks(baseUrl: string, count: number, timeoutMs: number): string[] {
  const codes: string[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const batch: ObjectBatchRequest[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      batch.push({
        method: 'POST',
        url: `${baseUrl}/api/links`,
        body: JSON.stringify({ url: `https://example.org/k6-seed/${i}` }),
        params: { headers: { 'Content-Type': 'application/json' }, responseType: 'text', timeout: `${timeoutMs}ms`, tags: { name: 'POST /api/links (seed)', phase: 'setup' } },
      });
    }
    for (const res of http.batch(batch)) {
      if (res.status !== 201) {
        exec.test.abort(`seeding links failed: POST /api/links gave HTTP ${res.status} (${res.error || 'no error text'}); pass -e CODES_FILE=<codes> instead`);
        return codes;
      }
      codes.push(String(res.json('code')));
    }
  }
  return codes;
}
