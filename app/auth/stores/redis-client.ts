/**
 * ioredis client tuned for auth: commands fail fast instead of queueing while Redis is
 * down, so the denylist can fail closed and rate limits fail open within milliseconds
 * rather than hanging requests; the client keeps reconnecting in the background.
 */
import { Redis } from 'ioredis';

export interface AuthRedisOptions {
  /** Per-command timeout; a hung Redis counts as a failure after this long. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export function createAuthRedis(url: string, options: AuthRedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 3000),
  });
  // Errors surface on each command; without a listener ioredis would log every retry.
  client.on('error', () => {});
  client.connect().catch(() => {});
  return client;
}

/** Resolves when the client is ready, or rejects after `timeoutMs` (start-up, readiness). */
export function redisReady(client: Redis, timeoutMs = 3000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}
