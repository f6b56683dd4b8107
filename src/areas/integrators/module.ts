import { sdlOf, type AreaModule } from '../../core/module.ts';
import { ApiKey, ApiKeyAccess, ApiKeyUsage } from './api-key.ts';
import { apiKeyAuthenticator } from './key-authenticator.ts';
import { exportRoute } from './export-route.ts';
import { integratorLoaders } from './loaders.ts';
import { apiKeyResolvers } from './resolvers.ts';
import { statisticsResolvers } from './statistics-resolvers.ts';

/** Integrators (issue 18): API keys as machine principals with scopes, statistics and streamed bulk exports. */
export const integratorsModule: AreaModule = {
  name: 'integrators',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [apiKeyResolvers, statisticsResolvers],
  entities: [ApiKey, ApiKeyUsage, ApiKeyAccess],
  tenantEntities: [ApiKey, ApiKeyAccess],
  loaders: integratorLoaders,
  nodes: { ApiKey: { loader: (loaders) => loaders.apiKey } },
  authenticators: [apiKeyAuthenticator],
  httpRoutes: [exportRoute],
};
