import type { Resolvers } from '../../generated/graphql.ts';
import type { Context } from '../../core/context.ts';
import { idOf, toGlobalId, type NodeType } from '../../core/ids.ts';
import { Rejection, type UserError } from '../../core/user-error.ts';
import type { ApiClient } from '../../core/client.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireClientScope } from './public.ts';
import { WebhookDelivery, WebhookEndpoint } from './webhook.ts';
import { webhookEndpointPolicy } from './webhook-policy.ts';
import { createWebhookEndpoint, rotateWebhookSecret } from './webhook-service.ts';

/**
 * A key's own change, in one transaction: a key has no actor (it is not a person), so this stands
 * where mutate() stands for people; a Rejection comes back as the payload's userErrors.
 */
async function asClient<T extends object>(context: Context, work: (em: EntityManager, client: ApiClient) => Promise<T>): Promise<(T & { userErrors: UserError[] }) | { userErrors: UserError[] }> {
  const client = requireClientScope(context, 'webhooks:manage');
  try {
    return { ...(await context.em.transactional((em) => work(em, client))), userErrors: [] };
  } catch (error) {
    if (error instanceof Rejection) return { userErrors: error.errors };
    throw error;
  }
}

export const webhookResolvers: Resolvers = {
  Query: {
    webhookEndpoints: (_, __, context) => {
      const where = context.client ? { owner: context.client.keyId } : webhookEndpointPolicy.visible(context.viewer!);
      return context.em.find(WebhookEndpoint, where as never, { orderBy: { createdAt: 'asc', id: 'asc' } });
    },
  },
  Mutation: {
    createWebhookEndpoint: (_, { input }, context) => asClient(context, (em, client) => createWebhookEndpoint(em, client, { url: input.url, eventKinds: input.eventKinds })),
    rotateWebhookSecret: (_, { input }, context) => asClient(context, (em, client) => rotateWebhookSecret(em, client, idOf(input.endpointId, 'WebhookEndpoint', ['input', 'endpointId']))),
  },
  WebhookEndpoint: {
    id: (endpoint) => toGlobalId('WebhookEndpoint', endpoint.id),
    eventKinds: (endpoint) => endpoint.eventKinds as never,
    deliveries: (endpoint, { first }, context) =>
      context.em.find(WebhookDelivery, { endpoint: endpoint.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first ?? 20, 1), 100) }),
  },
  WebhookDelivery: {
    messageId: (delivery) => `msg_${delivery.id}`,
    eventKind: (delivery) => delivery.eventKind as never,
    recordId: (delivery) => toGlobalId(delivery.recordType as NodeType, delivery.recordId),
  },
};
