// Fallback for runs without a codes file (e.g. on k6-operator): setup() creates the links itself and returns their codes.
import exec from 'k6/execution';
import http, { type ObjectBatchRequest } from 'k6/http';

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
