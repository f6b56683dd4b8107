import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** A shared limit's answer: allowed, or refused with how long to wait. */
export type SharedLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SharedRateLimit {
  consume(key: string): Promise<SharedLimitAnswer>;
}

/**
 * A limit of requests per key a minute counted in PostgreSQL (rate-limiter-flexible's
 * RateLimiterPostgres over the server's own pool), so that every instance counts a client
 * together — unlike the general flood guard of src/server/rate-limit.ts, kept in each instance's
 * memory. For the public operations, where the limit is a promise to the portal. The table is a
 * migrated entity (`tableCreated`: the limiter never creates it). `perMinute` 0 means no limit.
 */
export function createSharedRateLimit(pool: pg.Pool, options: { tableName: string; keyPrefix: string; perMinute: number }): SharedRateLimit {
  if (!(options.perMinute > 0)) return { consume: async () => ({ allowed: true }) };
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: options.tableName,
    tableCreated: true,
    keyPrefix: options.keyPrefix,
    points: options.perMinute,
    duration: 60,
    clearExpiredByTimeout: false,
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key || 'unknown');
        return { allowed: true };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
      }
    },
  };
}
