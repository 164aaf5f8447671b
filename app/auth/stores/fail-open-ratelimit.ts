import { reportStoreFailure } from '../observe.js';
import type { Logger } from '../../telemetry/logger.js';
import { MemoryRateLimitStore } from './memory-ratelimit.js';
import type { RateLimitHit, RateLimitStore } from './ratelimit.js';

/**
 * Rate limiting must not take the API down with Redis (POL-A-007): on a store failure
 * this answers from per-process counters instead, logged and counted. Limits are then
 * per replica rather than global until Redis returns.
 */
export class FailOpenRateLimitStore implements RateLimitStore {
  constructor(
    private readonly primary: RateLimitStore,
    private readonly logger: Logger,
    private readonly fallback: RateLimitStore = new MemoryRateLimitStore(),
  ) {}

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    try {
      return await this.primary.hit(key, windowMs);
    } catch (err) {
      reportStoreFailure(this.logger, 'ratelimit', 'fail_open', err);
      return this.fallback.hit(key, windowMs);
    }
  }

  async reset(key: string): Promise<void> {
    await this.fallback.reset(key);
    try {
      await this.primary.reset(key);
    } catch (err) {
      reportStoreFailure(this.logger, 'ratelimit', 'fail_open', err);
    }
  }
}
