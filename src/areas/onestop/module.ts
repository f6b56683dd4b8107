import { sdlOf, type AreaModule } from '../../core/module.ts';
import { oneStopLoaders } from './loaders.ts';
import { OneStopCase, OneStopProcedure, OneStopReceiptCounter, OneStopSlip, OneStopStep, PublicRateLimit } from './onestop.ts';
import { oneStopResolvers } from './resolvers.ts';
import { oneStopRoutes } from './routes.ts';

const tenantEntities = [OneStopProcedure, OneStopReceiptCounter, OneStopCase, OneStopStep, OneStopSlip];

/** One-stop public services (seed 002 Art. 11–12): the procedure catalogue, intake, handling, figures and the portal's public look-up. */
export const oneStopModule: AreaModule = {
  name: 'onestop',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [oneStopResolvers],
  entities: [...tenantEntities, PublicRateLimit],
  tenantEntities,
  loaders: oneStopLoaders,
  nodes: {
    OneStopProcedure: { loader: (loaders) => loaders.oneStopProcedure },
    OneStopCase: { loader: (loaders) => loaders.oneStopCase },
    OneStopSlip: { loader: (loaders) => loaders.oneStopSlip },
  },
  httpRoutes: oneStopRoutes,
};
