// setup()'s first job: make sure the target answers /healthz before any load is sent; abort the test when it never does.
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';

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
