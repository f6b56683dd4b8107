import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import type { RecordPolicy } from '../../core/policy.ts';

import { ExternalOrgan, InterconnectionMessage, type ExternalOrganEntity, type InterconnectionMessageEntity } from './interconnection.ts';
import { messagePolicy } from './message-policy.ts';

/** The directory is the organisation's: every member may read it (names and addresses, never keys). */
export const organPolicy: RecordPolicy<ExternalOrganEntity> = {
  visible: (viewer) => ({ organisation: viewer.organisationId }) as never,
  canSee: (viewer, organ) => organ.organisation.id === viewer.organisationId,
};

export const interconnectionLoaders = {
  externalOrgan: visibleById<ExternalOrganEntity>(ExternalOrgan, organPolicy),
  interconnectionMessage: visibleById<InterconnectionMessageEntity>(InterconnectionMessage, messagePolicy),
  /** Of documents the caller may read the content of: their deliveries to external organs. */
  externalDeliveriesOf: ({ em, viewer }: Scope) =>
    new DataLoader<string, InterconnectionMessageEntity[]>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => []);
      const rows = await em.find(
        InterconnectionMessage,
        { organisation: viewer.organisationId, document: { $in: [...documentIds] }, direction: 'OUT', kind: 'DOCUMENT' },
        { orderBy: { peerName: 'asc', id: 'asc' } },
      );
      return documentIds.map((id) => rows.filter((row) => row.document?.id === id));
    }),
};


declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof interconnectionLoaders> {}
}
