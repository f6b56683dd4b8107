/**
 * What an assignment asks (Decree 30 Art. 24; seed 004 Art. 12 §2b): the lead (chủ trì) handles
 * the matter and answers for it, coordinating units (phối hợp) contribute, and "for information"
 * (xem để biết) is done once read. A direction names at most one lead.
 */
export const ASSIGNMENT_ROLES = ['LEAD', 'COORDINATE', 'INFORM'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Received on arrival (delivery is immediate), read when opened, done when its handler closes it. */
export type AssignmentStatus = 'RECEIVED' | 'READ' | 'DONE';

export function assignmentStatus(assignment: { readAt?: Date | null; doneAt?: Date | null }): AssignmentStatus {
  if (assignment.doneAt) return 'DONE';
  return assignment.readAt ? 'READ' : 'RECEIVED';
}

export function isAssignmentOverdue(assignment: { doneAt?: Date | null; deadline?: Date | null }, now: Date): boolean {
  return !assignment.doneAt && Boolean(assignment.deadline) && assignment.deadline! < now;
}

/** On time when done by its deadline (or it had none); late when done after; null while open. */
export function handledOnTime(assignment: { doneAt?: Date | null; deadline?: Date | null }): boolean | null {
  if (!assignment.doneAt) return null;
  return !assignment.deadline || assignment.doneAt <= assignment.deadline;
}
