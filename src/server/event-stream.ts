import { on, type EventEmitter } from 'node:events';

/**
 * A subscription's stream: first what the subscriber missed (`replay`, in order), then each live
 * event that `deliver` turns into something for this subscriber (null: not for them, or no longer
 * visible). Listening starts before the replay is read, so nothing falls between the two; an item
 * in both is sent once. Unsubscribing (return) stops listening at once.
 */
export function eventStream<E extends { [key: string]: unknown }, T extends { id: string }>(
  bus: EventEmitter,
  type: string,
  deliver: (event: E) => Promise<T | null>,
  replay: () => Promise<T[]> = async () => [],
): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const live = on(bus, type, { signal: controller.signal }) as AsyncIterableIterator<[E]>;

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
