import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import type { RateLimitHit, RateLimitStore } from './ratelimit.js';

// INCR and the window's expiry in one atomic step; PTTL tells the caller when it resets.
const HIT = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}
`;

/** Counters shared by every replica (POL-A-007). */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'auth:rl:',
  ) {}

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, windowMs)) as [
        number,
        number,
      ];
      return { count, resetInMs: ttl };
    } catch (err) {
      throw new StoreUnavailableError('ratelimit', { cause: err });
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.redis.del(this.prefix + key);
    } catch (err) {
      throw new StoreUnavailableError('ratelimit', { cause: err });
    }
  }
}
