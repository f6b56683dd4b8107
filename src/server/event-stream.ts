import { on, type EventEmitter } from 'node:events';

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
  const controller = new AbortController();
  const live = on(routes, route, { signal: controller.signal }) as AsyncIterableIterator<[E]>;

  async function* run(): AsyncGenerator<T> {
    const sent = new Set<string>();
    try {
      for (const item of await replay()) {
        sent.add(item.id);
        yield item;
      }
      for await (const [event] of live) {
        const item = await deliver(event);
        if (item && !sent.has(item.id)) yield item;
      }
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    } finally {
      controller.abort();
    }
  }

  const stream = run();
  return {
    next: () => stream.next(),
    return: (value?: unknown) => {
      controller.abort();
      return stream.return(value as never);
    },
    throw: (error?: unknown) => {
      controller.abort();
      return stream.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
