import type { EventEmitter } from 'node:events';

/**
 * A subscription's stream: first what the subscriber missed (`replay`, in order), then each item
 * emitted on its `route` that `deliver` turns into something for this subscriber (null: not for
 * them, or no longer visible to them). Listening starts before the replay is read, so nothing
 * falls between the two; an item in both is sent once. Unsubscribing (return) stops listening at once.
 */
export function eventStream<E, T extends { id: string }>(
  routes: EventEmitter,
  route: string,
  deliver: (item: E) => T | null | Promise<T | null>,
  replay: () => Promise<T[]> = async () => [],
): AsyncIterableIterator<T> {
  // A plain queue rather than events.on(), which keeps two 2,048-slot buffers (32 KiB) per
  // subscription: too much for thousands of them.
  const queue: E[] = [];
  let wake: (() => void) | null = null;
  let stopped = false;
  const listener = (item: E) => {
    queue.push(item);
    wake?.();
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    routes.off(route, listener);
    wake?.();
  };
  routes.on(route, listener);

  async function* run(): AsyncGenerator<T> {
    const sent = new Set<string>();
    try {
      for (const item of await replay()) {
        if (stopped) return;
        sent.add(item.id);
        yield item;
      }
      while (!stopped) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const item = await deliver(queue.shift()!);
        if (item && !sent.has(item.id)) yield item;
      }
    } finally {
      stop();
    }
  }

  const stream = run();
  return {
    next: () => stream.next(),
    return: (value?: unknown) => {
      stop();
      return stream.return(value as never);
    },
    throw: (error?: unknown) => {
      stop();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
