/** What other areas may use of routing: assignments and who may see them. */
export { Assignment } from './assignment.ts';
export type { AssignmentEntity } from './assignment.ts';
export { assignmentPolicy } from './assignment-policy.ts';
