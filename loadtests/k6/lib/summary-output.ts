// handleSummary(): k6's end-of-test data as JSON in SUMMARY_FILE, plus one plain line on stdout (no remote jslib needed).

/** The parts of k6's summary data this line reads (the whole object is written to the file). */
interface SummaryData {
  metrics: Record<string, { values?: Record<string, number>; thresholds?: Record<string, { ok: boolean }> } | undefined>;
}

export interface SummaryContext {
  file: string;
  scenario: string;
  tier: string;
  ratePerS: number;
}

function thresholdsOk(data: SummaryData): boolean {
  for (const m of Object.values(data.metrics)) {
    for (const t of Object.values(m?.thresholds ?? {})) if (!t.ok) return false;
  }
  return true;
}

/** `{ [file]: JSON, stdout: "scaleladder k6: …" }` — the map handleSummary returns. */
export function summaryOutputs(data: SummaryData, ctx: SummaryContext): Record<string, string> {
  const v = (metric: string, stat: string) => data.metrics[metric]?.values?.[stat];
  const p99 = v('http_req_duration', 'p(99)');
  const failed = v('http_req_failed', 'rate');
  const line =
    `scaleladder k6: ${ctx.scenario} tier ${ctx.tier} at ${ctx.ratePerS.toFixed(1)} req/s: ` +
    `${v('http_reqs', 'count') ?? 0} requests, p99 ${p99 === undefined ? 'n/a' : `${p99.toFixed(2)} ms`}, ` +
    `failed ${failed === undefined ? 'n/a' : `${(failed * 100).toFixed(3)} %`}, dropped iterations ${v('dropped_iterations', 'count') ?? 0}; ` +
    `thresholds ${thresholdsOk(data) ? 'passed' : 'FAILED'}; summary in ${ctx.file}\n`;
  return { [ctx.file]: JSON.stringify(data, null, 2), stdout: line };
}
