/**
 * Fixed-window counters for rate limits (POL-A-007). A fixed window lets a client spend
 * up to twice the limit across a window boundary; for login throttling that is an
 * acceptable trade for one atomic round trip per check.
 */
export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
  reset(key: string): Promise<void>;
}
