// Time a request spent between the balancer and this app (`X-Request-Start: t=<epoch ms>`, set by nginx and HAProxy):
// queued in the socket while the app was busy, then served. Summed per app, their residence over a window is the mean
// number of requests in the app's queue and service (Little's law), a queue length the balancer's choice changes.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface BalancerWaitCounters {
  /** Requests that carried the balancer's stamp. */
  stamped: number;
  /** Σ (app started handling − balancer stamp), s. */
  queueSeconds: number;
  /** Σ (response finished − balancer stamp), s. */
  residenceSeconds: number;
}

export const newBalancerWaitCounters = (): BalancerWaitCounters => ({ stamped: 0, queueSeconds: 0, residenceSeconds: 0 });

/** `t=1700000000123` (ms) or `t=1700000000.123` (s, nginx $msec) → epoch ms; undefined when absent or malformed. */
export function parseRequestStart(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const m = /^t=(\d{10})(?:\.(\d{1,6})|(\d{3}))?$/.exec(v.trim());
  if (!m) return undefined;
  if (m[3] !== undefined) return Number(m[1] + m[3]);
  return Number(m[1]) * 1000 + (m[2] !== undefined ? Number(`0.${m[2]}`) * 1000 : 0);
}

/** Counts the request's queue time now and its residence when the response finishes (only when the balancer stamped it). */
export function trackBalancerWait(req: IncomingMessage, res: ServerResponse, c: BalancerWaitCounters): void {
  const t0 = parseRequestStart(req.headers['x-request-start']);
  if (t0 === undefined) return;
  c.stamped++;
  c.queueSeconds += Math.max(0, Date.now() - t0) / 1000;
  res.once('finish', () => {
    c.residenceSeconds += Math.max(0, Date.now() - t0) / 1000;
  });
}
