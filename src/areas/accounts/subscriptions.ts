import { on } from 'node:events';
import type { Resolvers } from '../../generated/graphql.ts';
import type { Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';

/**
 * Subscriptions of the accounts area. An open WebSocket connection re-authenticates whenever its
 * account changes (see server/ws.ts) and then emits `viewer-updated`; the subscription follows
 * that, so what it sends is always read with the rights the account has now.
 */
export const subscriptionResolvers: Resolvers = {
  Subscription: {
    myAccountChanged: {
      subscribe: (_, __, context) => {
        if (!context.connection) throw notFound();
        return on(context.connection.events, 'viewer-updated', { close: ['closed'] }) as AsyncIterableIterator<unknown>;
      },
      resolve: async (_: unknown, __: unknown, context: Context) => {
        const account = await context.loaders.account.load(context.viewer?.accountId ?? '');
        if (!account) throw notFound();
        return account;
      },
    },
  },
};
