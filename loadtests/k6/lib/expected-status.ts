// Statuses that count as success per endpoint; the same table as the harness's EXPECTED_STATUS (a test keeps them equal).
import type { Endpoint } from '../../workload/request-mix.ts';

export const EXPECTED_STATUS_K6: Record<Endpoint, readonly number[]> = {
  redirect: [301, 302],
  create: [201],
  metadata: [200, 304],
  unknown: [404],
  slow: [301, 302],
};
