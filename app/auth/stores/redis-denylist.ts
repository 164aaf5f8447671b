import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../../telemetry/logger.js';
import {
  DenylistDataLostError,
  denylistKeys,
  type DenylistStore,
  type RevocationQuery,
  type RevocationSnapshot,
} from './denylist.js';

// Keeps the larger mark and the later expiry, atomically (Redis >= 6: KEEPTTL).
const RAISE_MARK = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
local expAt = tonumber(ARGV[2])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 or tonumber(redis.call('TIME')[1]) + ttl < expAt then redis.call('EXPIREAT', KEYS[1], expAt) end
return 1
`;

/**
 * How the store survives losing its data (POL-A-005): `snapshot` reads the revocations
 * that may still matter from PostgreSQL. Without it, loss is not detected (tests of the
 * bare store).
 */
export interface DenylistRecovery {
  snapshot: () => Promise<RevocationSnapshot>;
  logger: Logger;
}

/**
 * Redis denylist shared by all replicas: one MGET per authenticated request.
 *
 * Data loss (a restart without persistence, a failover to an empty replica, FLUSHALL, an
 * eviction) is detected by the epoch marker: a key without expiry that is written only
 * after a complete rebuild from the database, and read with every lookup. When it is
 * missing, lookups throw DenylistDataLostError (the authenticator then checks the
 * database) and one rebuild runs: every device revoked and every user generation raised
 * within the last token lifetime is written back, then the marker. A fresh Redis looks
 * the same as a lost one, so the first replica to start fills it the same way.
 */
export class RedisDenylistStore implements DenylistStore {
  private rebuilding: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'auth:dl:',
    private readonly now: () => number = Date.now,
    private readonly recovery?: DenylistRecovery,
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

  revokeGenerationsBelow(sub: string, generation: number, untilSec: number): Promise<void> {
    return this.raise(denylistKeys.user(sub), generation, untilSec);
  }

  async isRevoked(q: RevocationQuery): Promise<boolean> {
    const keys = [denylistKeys.jti(q.jti), denylistKeys.sid(q.sid), denylistKeys.user(q.sub)];
    if (this.recovery) keys.push(denylistKeys.epoch());
    const [jti, sid, user, epoch] = await this.run(() =>
      this.redis.mget(...keys.map((k) => this.prefix + k)),
    );
    if (this.recovery && epoch === null) {
      this.rebuild().catch((err: unknown) =>
        this.recovery!.logger.error('denylist rebuild failed; will retry', {
          err: err instanceof Error ? err.message : String(err),
        }),
      );
      throw new DenylistDataLostError();
    }
    if (jti !== null || sid !== null) return true;
    return user !== null && user !== undefined && q.gen < Number(user);
  }

  /** Refills the store from the database, then writes the epoch marker. One at a time. */
  rebuild(): Promise<void> {
    this.rebuilding ??= this.refill().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async refill(): Promise<void> {
    const { snapshot, logger } = this.recovery!;
    const started = this.now();
    const { devices, users } = await snapshot();
    const live = (untilSec: number) => untilSec * 1000 > this.now();
    const pipeline = this.redis.pipeline();
    let entries = 0;
    for (const d of devices.filter((x) => live(x.untilSec))) {
      pipeline.eval(RAISE_MARK, 1, this.prefix + denylistKeys.sid(d.sid), 1, d.untilSec);
      entries++;
    }
    for (const u of users.filter((x) => live(x.untilSec))) {
      pipeline.eval(
        RAISE_MARK,
        1,
        this.prefix + denylistKeys.user(u.sub),
        u.generation,
        u.untilSec,
      );
      entries++;
    }
    const results = await this.run(() => pipeline.exec());
    const failed = results?.find(([err]) => err);
    if (failed) throw new StoreUnavailableError('denylist', { cause: failed[0] });
    await this.run(() =>
      this.redis.set(this.prefix + denylistKeys.epoch(), new Date(started).toISOString()),
    );
    logger.warn('denylist rebuilt from the database (its data was lost or new)', {
      entries,
      ms: this.now() - started,
    });
  }

  async close(): Promise<void> {
    // The client is shared (rate limits, readiness); its owner closes it.
  }
}
