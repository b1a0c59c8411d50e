// A consecutive-failure circuit breaker: opens after K failures, lets one probe through after a cool-down.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker (>= 1). */
  failureThreshold: number;
  /** Time open before a half-open probe is allowed, ms. */
  cooldownMs: number;
  /** Clock, ms. Default `Date.now`. */
  now?: () => number;
  /** Called on every state change. */
  onChange?: (state: BreakerState) => void;
}

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #consecutiveFailures = 0;
  #openedAt = 0;
  #probeInFlight = false;
  #opens = 0;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  readonly #onChange?: (state: BreakerState) => void;

  constructor(options: BreakerOptions) {
    this.#threshold = options.failureThreshold;
    this.#cooldownMs = options.cooldownMs;
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** Times the breaker went to open (from closed or from a failed half-open probe). */
  get opens(): number {
    return this.#opens;
  }

  /** May a call go to the protected resource now? In half-open, only one probe at a time is allowed. */
  allow(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.#now() - this.#openedAt < this.#cooldownMs) return false;
      this.#set('half-open');
    }
    if (this.#probeInFlight) return false;
    this.#probeInFlight = true;
    return true;
  }

  success(): void {
    this.#consecutiveFailures = 0;
    this.#probeInFlight = false;
    if (this.#state !== 'closed') this.#set('closed');
  }

  failure(): void {
    this.#consecutiveFailures++;
    this.#probeInFlight = false;
    if (this.#state === 'half-open' || (this.#state === 'closed' && this.#consecutiveFailures >= this.#threshold)) {
      this.#openedAt = this.#now();
      this.#opens++;
      this.#set('open');
    }
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.#onChange?.(state);
  }
}
