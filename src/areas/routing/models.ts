import type { Connection } from '../../core/connection.ts';
import type { AssignmentEntity, DirectionEntity } from './assignment.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type AssignmentConnectionModel = Connection<AssignmentEntity>;
/** The processing slip, assembled from the document's directions and assignments. */
export interface ProcessingSlipModel {
  deliveryDeadline: Date | null;
  deliveredAt: Date | null;
  deliveredOnTime: boolean | null;
  leaderDirections: DirectionEntity[];
  unitDirections: DirectionEntity[];
  proposals: AssignmentEntity[];
}
/** "My work" resolves each part on demand from the viewer. */
export type MyWorkModel = Record<string, never>;
