import { sdlOf, type AreaModule } from '../../core/module.ts';
import { sendApplicantMessages } from './applicant-messages.ts';
import { tellLateSteps } from './late-steps.ts';
import { oneStopLoaders } from './loaders.ts';
import { OneStopCase, OneStopProcedure, OneStopReceiptCounter, OneStopSlip, OneStopStep, OneStopMessage, PublicRateLimit } from './onestop.ts';
import { oneStopResolvers } from './resolvers.ts';
import { oneStopRoutes } from './routes.ts';

const tenantEntities = [OneStopProcedure, OneStopReceiptCounter, OneStopCase, OneStopStep, OneStopSlip, OneStopMessage];

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
  // Late steps told to their handlers once (late-steps.ts); messages to applicants (applicant-messages.ts): each sent once, retried while its channel fails.
  jobs: [{ queue: 'onestop-notify', cron: '* * * * *', cronVariable: 'JOBS_ONESTOP_NOTIFY_CRON', retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 600, run: async (parts) => ({ ...(await tellLateSteps(parts)), ...(await sendApplicantMessages(parts)) }) }],
};
