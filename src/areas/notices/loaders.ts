import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { Notice, NoticeDelivery, type NoticeDeliveryEntity, type NoticeEntity } from './notice.ts';
import { noticePolicy } from './notice-policy.ts';

export const noticeLoaders = {
  /** The viewer's own copies of notices, by id. */
  noticeDelivery: visibleById<NoticeDeliveryEntity>(NoticeDelivery, noticePolicy),
  /** A notice's shared text, for a delivery already checked. */
  notice: ({ em, shared }: Scope) =>
    new DataLoader<string, NoticeEntity | null>(async (ids) => {
      if (shared) return Promise.all(ids.map((id) => shared.load(Notice, id)));
      const rows = await em.find(Notice, { id: { $in: [...ids] } });
      return ids.map((id) => rows.find((row) => row.id === id) ?? null);
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof noticeLoaders> {}
}
