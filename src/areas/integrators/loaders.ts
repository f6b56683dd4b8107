import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { ApiKey, ApiKeyAccess, type ApiKeyAccessEntity, type ApiKeyEntity } from './api-key.ts';
import { apiKeyPolicy } from './api-key-policy.ts';
import { WebhookEndpoint, type WebhookEndpointEntity } from './webhook.ts';
import { webhookEndpointPolicy } from './webhook-policy.ts';

const RECENT = 20;

export const integratorLoaders = {
  /** Keys by id, for the organisation's IT officers. */
  apiKey: visibleById<ApiKeyEntity>(ApiKey, apiKeyPolicy),
  /** Webhook endpoints by id, for the organisation's IT officers. */
  webhookEndpoint: visibleById<WebhookEndpointEntity>(WebhookEndpoint, webhookEndpointPolicy),
  /** The latest requests of each key (already checked by its caller), in one statement for a list of keys. */
  recentApiKeyAccesses: ({ em }: Scope) =>
    new DataLoader<string, ApiKeyAccessEntity[]>(async (keyIds) => {
      const ids = await em.execute<{ id: string }[]>(
        `select a.id from unnest(string_to_array(?, ',')::uuid[]) as k(id)
           cross join lateral (select id from api_key_access where key_id = k.id order by at desc, id desc limit ${RECENT}) a`,
        [keyIds.join(',')],
      );
      const rows = ids.length ? await em.find(ApiKeyAccess, { id: { $in: ids.map((row) => row.id) } }, { orderBy: { at: 'desc', id: 'desc' } }) : [];
      return keyIds.map((id) => rows.filter((row) => row.key.id === id));
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof integratorLoaders> {}
}
