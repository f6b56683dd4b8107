/**
 * The states of a destruction list (danh mục tài liệu hết giá trị): the archive officer proposes
 * records whose retention has ended; a leader approves or refuses it; only an approved list is
 * carried out. Every state is kept for good: there is no way back and no deletion.
 */
export const DESTRUCTION_STATUSES = ['PROPOSED', 'APPROVED', 'REFUSED', 'DESTROYED'] as const;
export type DestructionStatus = (typeof DESTRUCTION_STATUSES)[number];

export const DESTRUCTION_ACTIONS = ['APPROVE', 'REFUSE', 'DESTROY'] as const;
export type DestructionAction = (typeof DESTRUCTION_ACTIONS)[number];

const MOVES: Record<DestructionStatus, Partial<Record<DestructionAction, DestructionStatus>>> = {
  PROPOSED: { APPROVE: 'APPROVED', REFUSE: 'REFUSED' },
  APPROVED: { DESTROY: 'DESTROYED' },
  REFUSED: {},
  DESTROYED: {},
};

export function nextDestructionStatus(status: DestructionStatus, action: DestructionAction): DestructionStatus | null {
  return MOVES[status][action] ?? null;
}

/** Lists a record may sit on only once at a time: a refused list frees its records for another. */
export const PENDING_DESTRUCTION: readonly DestructionStatus[] = ['PROPOSED', 'APPROVED'];
