import { childrenOf, visibleById, type LoadersOf } from '../../core/loaders.ts';
import { Assignment, Direction, type AssignmentEntity, type DirectionEntity } from './assignment.ts';
import { assignmentPolicy, directionPolicy } from './assignment-policy.ts';

export const routingLoaders = {
  assignment: visibleById<AssignmentEntity>(Assignment, assignmentPolicy),
  direction: visibleById<DirectionEntity>(Direction, directionPolicy),
  /**
   * Directions and their assignments of documents already checked as readable (the processing
   * slip): one query each for any number of documents.
   */
  documentDirections: childrenOf<DirectionEntity>(Direction, 'document', { createdAt: 'asc', id: 'asc' }),
  documentAssignments: childrenOf<AssignmentEntity>(Assignment, 'document', { receivedAt: 'asc', id: 'asc' }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof routingLoaders> {}
}
