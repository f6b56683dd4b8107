import { sdlOf, type AreaModule } from '../../core/module.ts';
import { ApiKey, ApiKeyAccess, ApiKeyUsage } from './api-key.ts';
import { apiKeyAuthenticator } from './key-authenticator.ts';
import { exportRoute } from './export-route.ts';
import { integratorLoaders } from './loaders.ts';
import { apiKeyResolvers } from './resolvers.ts';
import { statisticsResolvers } from './statistics-resolvers.ts';
import { onRecordChanges } from '../../core/audit/trail.ts';
import { WebhookDelivery, WebhookEndpoint } from './webhook.ts';
import { queueDeliveries } from './webhook-outbox.ts';
import { webhookResolvers } from './webhook-resolvers.ts';
import { sendDueDeliveries } from './webhook-sender.ts';

// Webhook deliveries are written in the transaction of each recorded change (an outbox).
onRecordChanges(queueDeliveries);

/** Integrators (issue 18): API keys as machine principals with scopes, statistics, streamed bulk exports and signed webhooks. */
export const integratorsModule: AreaModule = {
  name: 'integrators',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [apiKeyResolvers, statisticsResolvers, webhookResolvers],
  entities: [ApiKey, ApiKeyUsage, ApiKeyAccess, WebhookEndpoint, WebhookDelivery],
  tenantEntities: [ApiKey, ApiKeyAccess, WebhookEndpoint, WebhookDelivery],
  loaders: integratorLoaders,
  nodes: { ApiKey: { loader: (loaders) => loaders.apiKey }, WebhookEndpoint: { loader: (loaders) => loaders.webhookEndpoint } },
  authenticators: [apiKeyAuthenticator],
  httpRoutes: [exportRoute],
  jobs: [{ queue: 'integrators.webhooks', cron: '* * * * *', cronVariable: 'JOBS_WEBHOOKS_CRON', retryLimit: 0, run: (parts) => sendDueDeliveries(parts.orm, parts.log) }],
};
