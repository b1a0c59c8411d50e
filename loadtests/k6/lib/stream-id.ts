// Which request stream a k6 VU draws: distinct per harness step, per VU and per k6-operator runner (execution segment).

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
