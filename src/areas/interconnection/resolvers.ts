import type { Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { viewerOf } from '../../core/context.ts';
import { idOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import { canReadContent } from '../documents/public.ts';
import { STATUS_CODES, type StatusCode } from './edxml-format.ts';
import { saveExternalOrgan, setOrganIdentity } from './directory-service.ts';
import { importExternalOrgans } from './directory-import.ts';
import { ExternalOrgan, InterconnectionMessage, OrganIdentity } from './interconnection.ts';
import { organPolicy } from './loaders.ts';
import { messagePolicy } from './message-policy.ts';
import { answerRecall, retryMessage } from './queue-service.ts';
import { sendToExternalOrgans } from './sending-service.ts';

export const interconnectionResolvers: Resolvers = {
  Query: {
    organIdentity: (_, __, context) => context.em.findOne(OrganIdentity, { organisation: viewerOf(context).organisationId }),
    externalOrgans: (_, args, context, info) => paginate(context.em, ExternalOrgan, organPolicy.visible(viewerOf(context)), { name: 'asc', id: 'asc' }, args, info),
    interconnectionMessages: (_, args, context, info) => {
      const filter = args.filter ?? {};
      const where = {
        $and: [
          messagePolicy.visible(viewerOf(context)),
          {
            ...(filter.direction ? { direction: filter.direction } : {}),
            ...(filter.state ? { state: filter.state } : {}),
            ...(filter.recallRequested != null ? { recallRequested: filter.recallRequested } : {}),
          },
        ],
      };
      return paginate(context.em, InterconnectionMessage, where as never, { createdAt: 'desc', id: 'desc' }, args, info);
    },
  },
  Mutation: {
    setOrganIdentity: (_, { input }, context) => mutate(context, async (em, actor) => ({ identity: await setOrganIdentity(em, actor, input) })),
    saveExternalOrgan: (_, { input }, context) => mutate(context, async (em, actor) => ({ organ: await saveExternalOrgan(em, actor, input) })),
    importExternalOrgans: (_, { input }, context) => mutate(context, async (em, actor) => ({ organs: await importExternalOrgans(em, actor, input.csv) })),
    sendToExternalOrgans: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ messages: await sendToExternalOrgans(em, actor, idOf(input.documentId, 'Document', ['input', 'documentId']), input.organIds) })),
    retryInterconnectionMessage: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ messages: [await retryMessage(em, actor, idOf(input.id, 'InterconnectionMessage', ['input', 'id']))] })),
    answerRecallRequest: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ messages: [await answerRecall(em, actor, { ...input, id: idOf(input.id, 'InterconnectionMessage', ['input', 'id']) })] })),
  },
  ExternalOrgan: {
    id: (organ) => toGlobalId('ExternalOrgan', organ.id),
    direct: (organ) => Boolean(organ.endpointUrl),
  },
  InterconnectionMessage: {
    id: (message) => toGlobalId('InterconnectionMessage', message.id),
  },
  ExternalStatus: {
    label: (status) => STATUS_CODES[status.code as StatusCode] ?? status.code,
    at: (status) => new Date(status.at),
  },
  Document: {
    externalDeliveries: async (document, _, context) => {
      if (document.direction !== 'OUTGOING' || !canReadContent(viewerOf(context), document)) return [];
      const rows = await context.loaders.externalDeliveriesOf.load(document.id);
      return rows.map((row) => ({ organId: row.peerOrganId, organName: row.peerName, state: row.state, latestStatus: row.latestStatus ?? null, statuses: row.statuses }));
    },
  },
};
