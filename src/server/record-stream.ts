import type { DomainEvent } from '../domain/shared/events.ts';
import type { Context } from './context.ts';
import { notFound } from './errors.ts';
import { eventStream } from './event-stream.ts';
import { createLoaders } from './loaders.ts';
import { forkFor } from './context.ts';

type RecordChanged = Extract<DomainEvent, { type: 'record.changed' }>;
type Loaders = ReturnType<typeof createLoaders>;

/**
 * A subscription to changes of records of one type: each event is reloaded through the loader of
 * that type (and so its policy) with the subscriber's rights at that moment; what they may not see
 * is not sent. Subscribing to one record the viewer may not see is answered as for a missing one.
 */
export async function recordStream<T extends { id: string }>(
  context: Context,
  recordType: string,
  load: (loaders: Loaders, id: string) => Promise<T | null>,
  options: { id?: string | null; accept?: (event: RecordChanged, record: T) => boolean } = {},
): Promise<AsyncIterableIterator<T>> {
  const connection = context.connection;
  const bus = context.bus;
  if (!connection || !bus) throw notFound();
  if (options.id && !(await load(createLoaders(forkFor(context.orm, connection.viewer), connection.viewer), options.id))) throw notFound();
  return eventStream<RecordChanged, T>(bus, 'record.changed', async (event) => {
    const viewer = connection.viewer;
    if (event.recordType !== recordType || event.organisationId !== viewer.organisationId) return null;
    if (options.id && event.recordId !== options.id) return null;
    const record = await load(createLoaders(forkFor(context.orm, viewer), viewer), event.recordId);
    return record && (!options.accept || options.accept(event, record)) ? record : null;
  });
}
