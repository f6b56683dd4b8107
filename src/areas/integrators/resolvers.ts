import type { Resolvers } from '../../generated/graphql.ts';
import { viewerOf } from '../../core/context.ts';
import { idOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import { ApiKey } from './api-key.ts';
import { apiKeyPolicy } from './api-key-policy.ts';
import { createApiKey, revokeApiKey } from './api-key-service.ts';

/** API keys: created and revoked by IT officers, read by them and by each key of itself. */
export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_, __, context) => context.em.find(ApiKey, apiKeyPolicy.visible(viewerOf(context)), { orderBy: { createdAt: 'desc', id: 'desc' } }),
    currentApiKey: (_, __, context) => (context.client ? context.em.findOne(ApiKey, { id: context.client.keyId }) : null),
  },
  Mutation: {
    createApiKey: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        createApiKey(em, actor, {
          name: input.name,
          scopes: input.scopes,
          expiresAt: input.expiresAt ?? null,
          allowedAddresses: input.allowedAddresses ?? null,
          rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        }),
      ),
    revokeApiKey: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ apiKey: await revokeApiKey(em, actor, idOf(input.apiKeyId, 'ApiKey', ['input', 'apiKeyId'])) })),
  },
  ApiKey: {
    id: (apiKey) => toGlobalId('ApiKey', apiKey.id),
    allowedAddresses: (apiKey) => apiKey.allowedNetworks,
    createdBy: (apiKey, _, context) => (apiKey.createdBy ? context.loaders.account.load(apiKey.createdBy.id) : null),
    recentAccesses: (apiKey, _, context) => context.loaders.recentApiKeyAccesses.load(apiKey.id),
  },
};
