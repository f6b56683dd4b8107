/**
 * The life of an outgoing document (seed 004 Art. 7; Decree 30 Art. 14): the specialist drafts,
 * the unit head reviews, the justice office appraises a legal normative document, the leader
 * approves or returns with comments, the clerk numbers and issues it; an issued document can only
 * be recalled. A pure state machine: every move not listed here is refused.
 */
export const OUTGOING_STATUSES = ['DRAFT', 'IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL', 'APPROVED', 'ISSUED', 'RECALLED'] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

export const OUTGOING_ACTIONS = ['SUBMIT', 'FORWARD', 'APPRAISE', 'APPROVE', 'RETURN', 'ISSUE', 'RECALL', 'SEND_FIRST'] as const;
export type OutgoingAction = (typeof OUTGOING_ACTIONS)[number];

export interface MoveContext {
  /** Văn bản quy phạm pháp luật: needs the justice office's appraisal before approval. */
  legalNormative: boolean;
  /** The drafter already sent the approved document in an emergency, before the clerk registered it. */
  sentFirst?: boolean;
}

/** The status a move leads to, or null when the move is not allowed from `from`. */
export function nextStatus(from: OutgoingStatus, action: OutgoingAction, context: MoveContext): OutgoingStatus | null {
  switch (action) {
    case 'SUBMIT':
      return from === 'DRAFT' ? 'IN_REVIEW' : null;
    case 'FORWARD':
      return from === 'IN_REVIEW' ? (context.legalNormative ? 'IN_APPRAISAL' : 'AWAITING_APPROVAL') : null;
    case 'APPRAISE':
      return from === 'IN_APPRAISAL' ? 'AWAITING_APPROVAL' : null;
    case 'APPROVE':
      return from === 'AWAITING_APPROVAL' ? 'APPROVED' : null;
    case 'RETURN':
      return from === 'IN_REVIEW' || from === 'IN_APPRAISAL' || from === 'AWAITING_APPROVAL' ? 'DRAFT' : null;
    case 'ISSUE':
      return from === 'APPROVED' ? 'ISSUED' : null;
    case 'RECALL':
      return from === 'ISSUED' ? 'RECALLED' : null;
    // Seed 000 Art. 9 §6: in an emergency the drafter sends the approved document first, once; it
    // stays APPROVED for the clerk, who registers it afterwards (ISSUE), and the register shows it late.
    case 'SEND_FIRST':
      return from === 'APPROVED' && !context.sentFirst ? 'APPROVED' : null;
  }
}

/** Whose turn it is in each status, as a role the actor must hold (or be the named assignee). */
export const TURN: Record<OutgoingStatus, string> = {
  DRAFT: 'người soạn thảo',
  IN_REVIEW: 'trưởng đơn vị',
  IN_APPRAISAL: 'cán bộ thẩm định của Phòng Tư pháp',
  AWAITING_APPROVAL: 'lãnh đạo',
  APPROVED: 'văn thư',
  ISSUED: 'lãnh đạo (thu hồi)',
  RECALLED: 'không ai',
};

/** Once issued, a document never changes again: a correction is a new document that replaces it. */
export function isFrozen(status: OutgoingStatus): boolean {
  return status === 'ISSUED' || status === 'RECALLED';
}
