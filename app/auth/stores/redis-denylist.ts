import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import { denylistKeys, type DenylistStore, type RevocationQuery } from './denylist.js';

// Keeps the larger mark and the later expiry, atomically (Redis >= 5: TIME in scripts).
const RAISE_MARK = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
local expAt = tonumber(ARGV[2])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 or tonumber(redis.call('TIME')[1]) + ttl < expAt then redis.call('EXPIREAT', KEYS[1], expAt) end
return 1
`;

/** Redis denylist shared by all replicas: one MGET per authenticated request. */
export class RedisDenylistStore implements DenylistStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'auth:dl:',
    private readonly now: () => number = Date.now,
  ) {}

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StoreUnavailableError('denylist', { cause: err });
    }
  }

  private async raise(key: string, value: number, untilSec: number): Promise<void> {
    if (untilSec * 1000 <= this.now()) return;
    await this.run(() => this.redis.eval(RAISE_MARK, 1, this.prefix + key, value, untilSec));
  }

  revokeToken(jti: string, untilSec: number): Promise<void> {
    return this.raise(denylistKeys.jti(jti), 1, untilSec);
  }

  revokeDevice(sid: string, untilSec: number): Promise<void> {
    return this.raise(denylistKeys.sid(sid), 1, untilSec);
  }

  revokeUserTokensBefore(sub: string, issuedBeforeSec: number, untilSec: number): Promise<void> {
    return this.raise(denylistKeys.user(sub), issuedBeforeSec, untilSec);
  }

  async isRevoked(q: RevocationQuery): Promise<boolean> {
    const [jti, sid, user] = await this.run(() =>
      this.redis.mget(
        this.prefix + denylistKeys.jti(q.jti),
        this.prefix + denylistKeys.sid(q.sid),
        this.prefix + denylistKeys.user(q.sub),
      ),
    );
    if (jti !== null || sid !== null) return true;
    return user !== null && user !== undefined && q.iat < Number(user);
  }

  async close(): Promise<void> {
    // The client is shared (rate limits, readiness); its owner closes it.
  }
}
