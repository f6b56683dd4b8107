import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Notice, NoticeDelivery } from './notice.ts';
import { noticeResolvers } from './resolvers.ts';

/** Notices to people, units or everyone, and reminders, delivered live. */
export const noticesModule: AreaModule = {
  name: 'notices',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [noticeResolvers],
  entities: [Notice, NoticeDelivery],
  tenantEntities: [Notice, NoticeDelivery],
};
