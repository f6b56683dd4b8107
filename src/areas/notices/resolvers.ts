import { Cursor } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { noticePolicy } from './notice-policy.ts';
import { NoticeDelivery, type NoticeDeliveryEntity, type NoticeEntity, type NoticeKind } from './notice.ts';
import { documentNameFor } from '../documents/public.ts';
import { taskTitleAsSeen } from '../tasks/public.ts';
import { markAllNoticesRead, markNoticeRead, sendNotice } from './notice-service.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { forkFor, viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { eventStream } from '../../core/event-stream.ts';
import { noticeRoute } from '../../core/routes.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, mutateOnce } from '../../core/mutate.ts';

/** Notices and reminders: sending, reading, and real-time delivery with catch-up. */
const ORDER = { deliveredAt: 'desc', id: 'desc' } as const;
const REPLAY_LIMIT = 1000;
/** The system's notices about deadlines (the deadlineApproaching subscription). */
const DEADLINE_KINDS: readonly NoticeKind[] = ['REMINDER', 'OVERDUE', 'REPLY_DUE', 'RECALL_DUE', 'PROGRESS_REQUEST'];

export function noticeCursor(delivery: NoticeDeliveryEntity): string {
  return Cursor.encode([delivery.deliveredAt, delivery.id]);
}

function decodeSince(since: string): [Date, string] {
  try {
    const [at, id] = Cursor.decode(since) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return [date, id];
  } catch {
    throw new GraphQLError('Con trỏ thông báo không hợp lệ.', { extensions: { code: 'BAD_USER_INPUT', argument: 'since' } });
  }
}

/** Whether a delivery's notice is of one of `kinds` (all when null); the FanOut reads notices with their deliveries. */
function ofKind(delivery: NoticeDeliveryEntity, kinds: readonly NoticeKind[] | null): boolean {
  if (!kinds) return true;
  return delivery.notice.isInitialized() && kinds.includes(delivery.notice.getEntity().kind as NoticeKind);
}

/**
 * Live notices come through the FanOut: each batch of notices is read once on this instance and
 * each delivery goes to its recipient's route only; it is still checked against the subscriber as
 * they are when it arrives (fail closed). The catch-up is the subscriber's own query.
 */
function subscribeToNotices(context: Context, since: string | null | undefined, kinds: readonly NoticeKind[] | null = null) {
  const connection = context.connection;
  const fanOut = context.fanOut;
  if (!connection || !fanOut) throw notFound();
  const sinceKey = since ? decodeSince(since) : null;
  const { organisationId, accountId } = connection.viewer;
  return eventStream<NoticeDeliveryEntity, NoticeDeliveryEntity>(
    fanOut.routes,
    noticeRoute(organisationId, accountId),
    async (delivery) => {
      const viewer = await connection.fresh();
      return viewer && noticePolicy.canSee(viewer, delivery) && ofKind(delivery, kinds) ? delivery : null;
    },
    async () => {
      if (!sinceKey) return [];
      const [at, id] = sinceKey;
      return forkFor(context.orm, connection.viewer).find(
        NoticeDelivery,
        { $and: [noticePolicy.visible(connection.viewer), { $or: [{ deliveredAt: { $gt: at } }, { deliveredAt: at, id: { $gt: id } }] }] },
        { orderBy: { deliveredAt: 'asc', id: 'asc' }, limit: REPLAY_LIMIT },
      );
    },
  );
}

/**
 * The name of the task or document a reminder is about, as its reader may read it now (their
 * loaders apply the record's policy; the text rules are the record's own): nothing once they may
 * no longer see it, or it was recalled.
 */
async function linkedRecordName(context: Context, notice: NoticeEntity): Promise<string | null> {
  const viewer = viewerOf(context);
  if (notice.task) {
    const task = await context.loaders.task.load(notice.task.id);
    return task ? taskTitleAsSeen(context, task) : null;
  }
  if (notice.document) {
    const document = await context.loaders.document.load(notice.document.id);
    return document ? documentNameFor(viewer, document) : null;
  }
  return null;
}

/** The record a notice is about, read through that record's own loader (so its own policy): null when hidden. */
function linkedRecord<K extends 'task' | 'workFile' | 'document'>(kind: K) {
  return async (delivery: NoticeDeliveryEntity, _: unknown, context: Context) => {
    const link = (await context.loaders.notice.load(delivery.notice.id))?.[kind];
    return link ? ((await (context.loaders[kind] as { load(id: string): Promise<unknown> }).load(link.id)) as never) : null;
  };
}

export const noticeResolvers: Resolvers = {
  Query: {
    myNotices: (_, args, context, info) =>
      paginate(
        context.em,
        NoticeDelivery,
        { $and: [noticePolicy.visible(viewerOf(context)), args.unreadOnly ? { readAt: null } : {}] } as never,
        ORDER,
        args,
        info,
      ),
    unreadNoticeCount: (_, __, context) => context.em.count(NoticeDelivery, { $and: [noticePolicy.visible(viewerOf(context)), { readAt: null }] } as never),
  },
  Mutation: {
    sendNotice: async (_, { input }, context) => {
      const loaderOf = { Document: context.loaders.document, Task: context.loaders.task, WorkFile: context.loaders.workFile };
      const result = await mutateOnce(
        context,
        'sendNotice',
        input.idempotencyKey,
        async (em, actor) => {
          const sent = await sendNotice(
            em,
            actor,
            {
              audience: input.audience,
              audienceIds: (input.audienceIds ?? []).map((id) => idOf(id, input.audience === 'UNITS' ? 'Unit' : 'Account', ['input', 'audienceIds'])),
              text: input.text,
              documentId: optionalIdOf(input.documentId, 'Document', ['input', 'documentId']),
              taskId: optionalIdOf(input.taskId, 'Task', ['input', 'taskId']),
              workFileId: optionalIdOf(input.workFileId, 'WorkFile', ['input', 'workFileId']),
            },
            async (type, id) => Boolean(await loaderOf[type].load(id)),
          );
          return { id: sent.noticeId, result: sent };
        },
        // A retry sends nothing again; it answers how many the first call reached.
        async (id) => ({ noticeId: id, recipients: await context.em.count(NoticeDelivery, { notice: id }) }),
      );
      return { recipients: 'recipients' in result ? result.recipients : null, userErrors: result.userErrors };
    },
    markNoticeRead: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ notice: await markNoticeRead(em, actor, idOf(input.id, 'Notice', ['input', 'id'])) })),
    markAllNoticesRead: async (_, __, context) => {
      const result = await mutate(context, async (em, actor) => ({ marked: await markAllNoticesRead(em, actor) }));
      return { marked: 'marked' in result ? result.marked : 0, userErrors: result.userErrors };
    },
  },
  Subscription: {
    noticeReceived: {
      subscribe: (_, { since }, context) => subscribeToNotices(context, since),
      resolve: (delivery: NoticeDeliveryEntity) => delivery,
    },
    deadlineApproaching: {
      subscribe: (_, __, context) => subscribeToNotices(context, null, DEADLINE_KINDS),
      resolve: (delivery: NoticeDeliveryEntity) => delivery,
    },
  },
  Notice: {
    id: (delivery) => toGlobalId('Notice', delivery.id),
    cursor: (delivery) => noticeCursor(delivery),
    text: async (delivery, _, context) => {
      const notice = (await context.loaders.notice.load(delivery.notice.id))!;
      if (!notice.namesRecord) return notice.text;
      const name = await linkedRecordName(context, notice);
      return name ? `${notice.text}: ${name}.` : `${notice.text}.`;
    },
    audience: async (delivery, _, context) => (await context.loaders.notice.load(delivery.notice.id))!.audience,
    kind: async (delivery, _, context) => (await context.loaders.notice.load(delivery.notice.id))!.kind,
    sender: async (delivery, _, context) => {
      const notice = await context.loaders.notice.load(delivery.notice.id);
      return notice?.sender ? context.loaders.account.load(notice.sender.id) : null;
    },
    task: linkedRecord('task'),
    workFile: linkedRecord('workFile'),
    document: linkedRecord('document'),
    readAt: (delivery) => delivery.readAt ?? null,
  },
};
