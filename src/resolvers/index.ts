import type { Resolvers } from '../generated/graphql.ts';
import { accountResolvers } from './accounts.ts';
import { documentResolvers } from './documents.ts';
import { calendarResolvers } from './calendar.ts';
import { noticeResolvers } from './notices.ts';
import { taskResolvers } from './tasks.ts';
import { routingResolvers } from './routing.ts';
import { workFileResolvers } from './workfiles.ts';
import { nodeResolvers } from './node.ts';
import { subscriptionResolvers } from './subscriptions.ts';

export const resolvers: Resolvers[] = [nodeResolvers, accountResolvers, documentResolvers, calendarResolvers, noticeResolvers, taskResolvers, routingResolvers, workFileResolvers, subscriptionResolvers];
