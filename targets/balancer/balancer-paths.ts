// Paths a balancer serves itself (never proxied), chosen so they can never be a short code.

/** Answered 200 by the balancer itself: its own readiness, independent of the apps. */
export const BALANCER_HEALTH_PATH = '/_lb/health';
