import type { Client } from 'graphql-ws';

/**
 * Waiting without fixed sleeps: `eventually` polls until a check passes (or fails with the last
 * error at the deadline); `subscribe` collects a subscription's results and lets a test wait for
 * the next one, or prove that none came within a window.
 */
export async function eventually<T>(check: () => Promise<T> | T, { timeout = 5000, every = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, every));
    }
  }
}

export interface Subscription<T> {
  received: T[];
  /** The next result, or a rejection after `timeout` ms. */
  next(timeout?: number): Promise<T>;
  /** Resolves once `count` results have arrived in all (at once if they have), or rejects after `timeout` ms. */
  receivedAtLeast(count: number, timeout?: number): Promise<T[]>;
  /** Resolves with whatever arrived within `window` ms (to prove that nothing did). */
  quietFor(window: number): Promise<T[]>;
  stop(): Promise<void>;
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const received: T[] = [];
  const waiters: ((value: T) => void)[] = [];
  let taken = 0;
  const iterator = client.iterate<T>({ query, ...(variables ? { variables } : {}) });
  void (async () => {
    try {
      for (;;) {
        const result = await iterator.next();
        if (result.done) return;
        received.push(result.value as T);
        waiters.shift()?.(result.value as T);
      }
    } catch {
      // An ended subscription: its waiters time out.
    }
  })();
  return {
    received,
    next(timeout = 5000) {
      if (received.length > taken) return Promise.resolve(received[taken++] as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no result of ${query.slice(0, 60)}… within ${timeout} ms`)), timeout);
        waiters.push((value) => {
          clearTimeout(timer);
          taken += 1;
          resolve(value);
        });
      });
    },
    receivedAtLeast(count, timeout = 5000) {
      return eventually(() => {
        if (received.length < count) throw new Error(`${received.length} of ${count} results of ${query.slice(0, 60)}… within ${timeout} ms`);
        return received;
      }, { timeout, every: 10 });
    },
    async quietFor(window) {
      const before = received.length;
      await new Promise((resolve) => setTimeout(resolve, window));
      return received.slice(before);
    },
    async stop() {
      await iterator.return?.();
    },
  };
}

/**
 * After the results a test waits for have come, how long the others get to prove they heard
 * nothing: the server hands an organisation's events to all its subscribers in one batch, so
 * anything wrongly sent would come with the results already received.
 */
export const QUIET_WINDOW_MS = 250;
