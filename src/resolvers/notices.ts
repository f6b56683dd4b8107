import { Cursor } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { noticePolicy } from '../auth/policies/notice-policy.ts';
import { NoticeDelivery, type NoticeDeliveryEntity, type NoticeKind } from '../domain/notices/notice.ts';
import { markAllNoticesRead, markNoticeRead, sendNotice } from '../domain/notices/notice-service.ts';
import type { DomainEvent } from '../domain/shared/events.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { paginate } from '../server/connection.ts';
import { forkFor, viewerOf, type Context } from '../server/context.ts';
import { notFound } from '../server/errors.ts';
import { eventStream } from '../server/event-stream.ts';
import { idOf, toGlobalId } from './global-id.ts';
import { mutate } from './mutate.ts';

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

/** Each delivery is read with the subscriber's rights as they are when the event arrives. */
function subscribeToNotices(context: Context, since: string | null | undefined, kinds: readonly NoticeKind[] | null = null) {
  const connection = context.connection;
  const bus = context.bus;
  if (!connection || !bus) throw notFound();
  const sinceKey = since ? decodeSince(since) : null;
  return eventStream<Extract<DomainEvent, { type: 'notice.sent' }>, NoticeDeliveryEntity>(
    bus,
    'notice.sent',
    async (event) => {
      const viewer = connection.viewer;
      if (event.organisationId !== viewer.organisationId) return null;
      const notice = kinds ? { id: event.noticeId, kind: { $in: [...kinds] } } : event.noticeId;
      return forkFor(context.orm, viewer).findOne(NoticeDelivery, { $and: [noticePolicy.visible(viewer), { notice }] } as never);
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
      const result = await mutate(context, (em, actor) =>
        sendNotice(em, actor, {
          audience: input.audience,
          audienceIds: (input.audienceIds ?? []).map((id) => idOf(id, input.audience === 'UNITS' ? 'Unit' : 'Account', ['input', 'audienceIds'])),
          text: input.text,
          documentId: input.documentId ? idOf(input.documentId, 'Document', ['input', 'documentId']) : null,
        }),
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
    text: async (delivery, _, context) => (await context.loaders.notice.load(delivery.notice.id))!.text,
    audience: async (delivery, _, context) => (await context.loaders.notice.load(delivery.notice.id))!.audience,
    kind: async (delivery, _, context) => (await context.loaders.notice.load(delivery.notice.id))!.kind,
    sender: async (delivery, _, context) => {
      const notice = await context.loaders.notice.load(delivery.notice.id);
      return notice?.sender ? context.loaders.account.load(notice.sender.id) : null;
    },
    task: async (delivery, _, context) => {
      const notice = await context.loaders.notice.load(delivery.notice.id);
      return notice?.task ? context.loaders.task.load(notice.task.id) : null;
    },
    document: async (delivery, _, context) => {
      const notice = await context.loaders.notice.load(delivery.notice.id);
      return notice?.document ? context.loaders.document.load(notice.document.id) : null;
    },
    readAt: (delivery) => delivery.readAt ?? null,
  },
};
