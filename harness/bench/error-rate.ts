// The one definition of a step's error rate: errors over attempted requests (answered + failed sends + dropped).
export function stepErrorRate(completed: number, dropped: number, errors: Record<string, number>): number {
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  // 'unexpected-status' answers are already among the completed; failed sends and drops are not.
  const attempted = completed + (errors.timeout ?? 0) + (errors.unfinished ?? 0) + (errors.connect ?? 0) + (errors.reset ?? 0) + (errors.other ?? 0) + dropped;
  return attempted > 0 ? Math.round(Math.min(1, errorCount / attempted) * 1e6) / 1e6 : 0;
}
