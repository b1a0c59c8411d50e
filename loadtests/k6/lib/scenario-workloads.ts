// What each scenario script changes in the shared workload model (everything else comes from __ENV unchanged).
import type { WorkloadConfig } from '../../workload/workload-config.ts';

export type ScenarioName = 'mixed' | 'redirect-only' | 'create-only' | 'metadata-conditional';

/**
 * mixed: the workload exactly as configured (the harness's --driver k6 path).
 * redirect-only: GET /:code of seeded codes only. create-only: POST /api/links only.
 * metadata-conditional: GET /api/links/:code only, revalidated with If-None-Match once the VU has seen the ETag.
 */
export function scenarioWorkload(name: ScenarioName, w: WorkloadConfig): WorkloadConfig {
  switch (name) {
    case 'mixed':
      return w;
    case 'redirect-only':
      return { ...w, readWriteRatio: Infinity, unknownShare: 0, metadataShare: 0 };
    case 'create-only':
      return { ...w, readWriteRatio: 0, unknownShare: 0, metadataShare: 0 };
    case 'metadata-conditional':
      return { ...w, readWriteRatio: Infinity, unknownShare: 0, metadataShare: 1 };
  }
}

/** Creates draw no codes, so create-only needs no codes file and no seeding. */
export function needsCodes(name: ScenarioName): boolean {
  return name !== 'create-only';
}
