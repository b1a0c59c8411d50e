// What each scenario draws: the changes it makes to the shared workload model, and a request stream per VU and per runner.
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

/** VUs per step before stream ids of consecutive steps overlap. */
export const VUS_PER_STREAM = 10_000;

/** Stream of VU `vuId` (1-based) in step `streamBase`: streamBase · 10000 + vuId. */
export function vuStreamId(streamBase: number, vuId: number): number {
  return streamBase * VUS_PER_STREAM + vuId;
}

/**
 * A seed offset per execution segment, so k6-operator runners (whose VU ids may repeat across runners) never send the
 * same sequence. 0 when the run is not segmented, so a local run draws exactly the harness's own streams.
 */
export function segmentSalt(executionSegment: unknown): number {
  const seg = executionSegment === undefined || executionSegment === null ? '' : String(executionSegment);
  if (seg === '' || seg === '0:1') return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seg.length; i++) {
    h ^= seg.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h & 0xffff) + 1;
}
