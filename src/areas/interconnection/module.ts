import { sdlOf, type AreaModule } from '../../core/module.ts';
import { onDocumentRecalled } from '../documents/public.ts';
import { inboxRoute } from './inbox-route.ts';
import { ExternalOrgan, InterconnectionMessage, OrganIdentity, type ExternalOrganEntity, type InterconnectionMessageEntity } from './interconnection.ts';
import { interconnectionLoaders } from './loaders.ts';
import { sendDue } from './outbox.ts';
import { interconnectionResolvers } from './resolvers.ts';
import { askExternalRecall } from './sending-service.ts';
import { sweepStatuses } from './status-sweep.ts';

onDocumentRecalled(askExternalRecall);

const entities = [OrganIdentity, ExternalOrgan, InterconnectionMessage];

/** Interconnection with other agencies' systems (issue 19): edXML out and in, with status messages. */
export const interconnectionModule: AreaModule = {
  name: 'interconnection',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [interconnectionResolvers],
  entities,
  tenantEntities: entities,
  loaders: interconnectionLoaders,
  nodes: {
    ExternalOrgan: { loader: (loaders) => loaders.externalOrgan as never as { load(id: string): Promise<ExternalOrganEntity | null> } },
    InterconnectionMessage: { loader: (loaders) => loaders.interconnectionMessage as never as { load(id: string): Promise<InterconnectionMessageEntity | null> } },
  },
  httpRoutes: [inboxRoute],
  // The statuses due are queued, then the outbox is sent; a failed send waits for its own retry time (outbox.ts).
  jobs: [
    {
      queue: 'interconnection-send',
      cron: '* * * * *',
      cronVariable: 'JOBS_INTERCONNECTION_CRON',
      retryLimit: 3,
      retryDelaySeconds: 30,
      expireInSeconds: 600,
      run: async (parts) => ({ ...(await sweepStatuses(parts.orm)), ...(await sendDue(parts)) }),
    },
  ],
};
