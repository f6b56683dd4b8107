/**
 * The states of a hand-over list (mục lục hồ sơ nộp lưu; seed 004 Art. 16, Decree 30): the
 * specialist drafts it and submits it; the archive officer returns it with a reason or accepts it;
 * a returned list is corrected and submitted again. Accepted is final: its work files are the
 * archive's. Pure, so every move is tested without a database.
 */
export const HAND_OVER_STATUSES = ['DRAFT', 'SUBMITTED', 'RETURNED', 'ACCEPTED'] as const;
export type HandOverStatus = (typeof HAND_OVER_STATUSES)[number];

export const HAND_OVER_ACTIONS = ['EDIT', 'SUBMIT', 'RETURN', 'ACCEPT'] as const;
export type HandOverAction = (typeof HAND_OVER_ACTIONS)[number];

const MOVES: Record<HandOverStatus, Partial<Record<HandOverAction, HandOverStatus>>> = {
  DRAFT: { EDIT: 'DRAFT', SUBMIT: 'SUBMITTED' },
  SUBMITTED: { RETURN: 'RETURNED', ACCEPT: 'ACCEPTED' },
  RETURNED: { EDIT: 'RETURNED', SUBMIT: 'SUBMITTED' },
  ACCEPTED: {},
};

/** The state after `action`, or null when the action is not allowed from `status`. */
export function nextHandOverStatus(status: HandOverStatus, action: HandOverAction): HandOverStatus | null {
  return MOVES[status][action] ?? null;
}

