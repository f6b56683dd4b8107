import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Notice, NoticeDelivery } from './notice.ts';
import { noticeResolvers } from './resolvers.ts';
import { noticeLoaders } from './loaders.ts';

/** Notices to people, units or everyone, and reminders, delivered live. */
export const noticesModule: AreaModule = {
  name: 'notices',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [noticeResolvers],
  entities: [Notice, NoticeDelivery],
  tenantEntities: [Notice, NoticeDelivery],
  loaders: noticeLoaders,
  nodes: { Notice: { loader: (loaders) => loaders.noticeDelivery } },
};
