import type { ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { answerJson } from '../core/http-answers.ts';

/**
 * A general limit of requests per client address (issue 13 §6), so one client cannot take the
 * server from everyone: over it, 429 with Retry-After and a Vietnamese message. Kept in each
 * instance's memory (rate-limiter-flexible): it is a guard against floods, counted where they
 * land, not a quota; N instances behind a balancer let a client make N times as many.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

export interface RateLimit {
  /** True when it answered 429 (the request is not to be served). */
  refuses(clientAddress: string, response: ServerResponse): Promise<boolean>;
}

export function createRateLimit(perMinute: number): RateLimit {
  if (!(perMinute > 0)) return { refuses: async () => false };
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async refuses(clientAddress, response) {
      try {
        await limiter.consume(clientAddress || 'unknown');
        return false;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        response.setHeader('retry-after', String(seconds));
        answerJson(response, 429, {
          errors: [{ message: `Quá nhiều yêu cầu từ địa chỉ này: thử lại sau ${seconds} giây.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }],
        });
        return true;
      }
    },
  };
}
