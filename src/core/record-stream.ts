import type { FilterQuery } from '@mikro-orm/core';
import type { Viewer } from './viewer.ts';
import type { Context } from './context.ts';
import { forkFor } from './context.ts';
import { notFound } from './errors.ts';
import { eventStream } from './event-stream.ts';
import { recordRoute, type RecordNews } from './routes.ts';
import type { RecordKind } from './record-kind.ts';

/**
 * A subscription to changes of records of one kind. Each change is read once for every subscriber
 * on this instance (FanOut) and sent to this one only if the kind's policy lets them see it with
 * their rights at that moment (and `accept` agrees). Subscribing to one record the viewer may not
 * see is answered as for a missing one.
 */
export async function recordStream<T extends { id: string }>(
  context: Context,
  kind: RecordKind<T>,
  options: { id?: string | null; accept?: (event: RecordNews['event'], record: T, viewer: Viewer) => boolean } = {},
): Promise<AsyncIterableIterator<T>> {
  const connection = context.connection;
  const fanOut = context.fanOut;
  if (!connection || !fanOut) throw notFound();
  if (options.id) {
    const viewer = await connection.fresh();
    if (!viewer) throw notFound();
    const where = { $and: [{ id: options.id }, kind.policy.visible(viewer)] } as FilterQuery<T>;
    if (!(await forkFor(context.orm, viewer).findOne(kind.entity, where))) throw notFound();
  }
  return eventStream<RecordNews<T>, T>(fanOut.routes, recordRoute(connection.viewer.organisationId, kind.type), async ({ event, record, part }) => {
    // The rights of this moment: a delegation that just ended, a role just withdrawn count.
    const viewer = await connection.fresh();
    if (!viewer) return null;
    if (options.id && event.recordId !== options.id) return null;
    if (!kind.policy.canSee(viewer, record)) return null;
    // What changed is a part of the record they may not see: nothing they see changed.
    if (part && !(part.row && part.canSee(viewer, part.row))) return null;
    return !options.accept || options.accept(event, record, viewer) ? record : null;
  });
}
