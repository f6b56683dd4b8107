import { viewerOf } from '../../core/context.ts';
import { idOf } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import { authorityFor } from '../../core/viewer.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { circulationLabel } from './circulation.ts';
import { recordPaperDelivery, restrictPublication } from './circulation-service.ts';
import { canSeeHandOver } from './document-policy.ts';
import { sealed } from './resolvers.ts';

/** Circulation marks, restriction from publication and paper delivery (issue 21 §4). */
export const circulationResolvers: Resolvers = {
  Mutation: {
    restrictDocumentPublication: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        document: await restrictPublication(em, actor, { id: idOf(input.id, 'Document', ['input', 'id']), reason: input.reason }, (roles) => authorityFor(viewerOf(context), roles)),
      })),
    recordPaperDelivery: (_, { input }, context) =>
      mutate(context, async (em, actor) => {
        const paperDelivery = await recordPaperDelivery(em, actor, {
          documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
          recipient: input.recipient,
          receivedBy: input.receivedBy ?? null,
          deliveredAt: input.deliveredAt ?? null,
        });
        return { paperDelivery, document: await context.loaders.document.load(paperDelivery.document.id) };
      }),
  },
  Document: {
    circulationMark: (document) => document.circulationMark ?? null,
    circulationMarkLabel: (document) => circulationLabel(document.circulationMark),
    publicationRestricted: (document) => document.publicationRestrictedAt != null,
    publicationRestrictedAt: (document) => document.publicationRestrictedAt ?? null,
    publicationRestrictedBy: (document, _, context) => (document.publicationRestrictedBy ? context.loaders.account.load(document.publicationRestrictedBy.id) : null),
    publicationRestrictionReason: (document, _, context) => sealed(context, document, () => document.publicationRestrictionReason ?? null),
    // Like whom an incoming document was handed to: part of the register entry.
    paperDeliveries: (document, _, context) => (canSeeHandOver(viewerOf(context), document) ? context.loaders.documentPaperDeliveries.load(document.id) : []),
  },
  PaperDelivery: {
    receivedBy: (delivery) => delivery.receivedBy ?? null,
    deliveredBy: (delivery, _, context) => context.loaders.account.load(delivery.deliveredBy.id),
    recordedAt: (delivery) => delivery.createdAt,
  },
};
