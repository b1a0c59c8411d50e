// Requested CPU work on the redirect path (`?work-ms=N`, honoured up to --max-work-ms): a request that is expensive to
// serve, for experiments on uneven request cost. Real CPU, not a timer: a single-threaded app is busy for it, so requests
// behind it on the same process wait, which is what a balancer that counts connections can avoid.

/** The work a request target asks for (`work-ms=N` in its query), capped at `maxMs`; 0 when none or when `maxMs` is 0. */
export function requestedWorkMs(target: string, maxMs: number): number {
  if (maxMs <= 0) return 0;
  const q = target.indexOf('?');
  if (q === -1) return 0;
  const m = /(?:^|&)work-ms=(\d{1,6})(?:&|#|$)/.exec(target.slice(q + 1));
  return m ? Math.min(Number(m[1]), maxMs) : 0;
}

/** Spins until this process has used `ms` more CPU milliseconds (user + system): the same work at any CPU budget. */
export function burnCpuMs(ms: number): number {
  if (!(ms > 0)) return 0;
  const start = process.cpuUsage();
  const targetUs = ms * 1000;
  let x = 0;
  for (;;) {
    for (let i = 1; i < 5_000; i++) x += Math.sqrt(i) % 7;
    const used = process.cpuUsage(start);
    if (used.user + used.system >= targetUs) return x;
  }
}
