import type { ChangeRequestStatus } from './folder.ts';

/**
 * The author's consent (seed 002 Art. 10.2) as a state machine, pure: a change request is PENDING
 * until the author (or, for a disabled author, a head of their unit) accepts or refuses it, its
 * requester withdraws it, it expires unanswered, or it is cancelled because its item is gone.
 * Only ACCEPT leads to the change being applied, by the system, exactly as requested.
 *
 * Time is part of the state: a pending request past its expiry can no longer be answered or
 * withdrawn, even before the sweep marks it EXPIRED, and cannot be marked EXPIRED before then.
 */
export const CONSENT_MOVES = ['ACCEPT', 'REFUSE', 'WITHDRAW', 'EXPIRE', 'CANCEL'] as const;
export type ConsentMove = (typeof CONSENT_MOVES)[number];

/** Who makes a move: the one who answers for the author, the requester, or the system (sweep, purge). */
export const CONSENT_PARTIES = ['ANSWERER', 'REQUESTER', 'SYSTEM'] as const;
export type ConsentParty = (typeof CONSENT_PARTIES)[number];

export interface ConsentState {
  status: ChangeRequestStatus;
  expiresAt: Date;
}

export type ConsentOutcome =
  | { ok: true; status: ChangeRequestStatus; applies: boolean }
  | { ok: false; code: 'INVALID_STATE' | 'NOT_ALLOWED' | 'REQUIRED'; message: string };

const RESULT: Record<ConsentMove, ChangeRequestStatus> = {
  ACCEPT: 'ACCEPTED',
  REFUSE: 'REFUSED',
  WITHDRAW: 'WITHDRAWN',
  EXPIRE: 'EXPIRED',
  CANCEL: 'CANCELLED',
};

const MOVER: Record<ConsentMove, ConsentParty> = {
  ACCEPT: 'ANSWERER',
  REFUSE: 'ANSWERER',
  WITHDRAW: 'REQUESTER',
  EXPIRE: 'SYSTEM',
  CANCEL: 'SYSTEM',
};

const STATUS_LABEL: Record<ChangeRequestStatus, string> = {
  PENDING: 'đang chờ',
  ACCEPTED: 'đã được đồng ý',
  REFUSED: 'đã bị từ chối',
  EXPIRED: 'đã hết hạn',
  WITHDRAWN: 'đã được rút lại',
  CANCELLED: 'đã bị hủy',
};

export const isFinal = (status: ChangeRequestStatus) => status !== 'PENDING';

export function consentMove(state: ConsentState, move: ConsentMove, by: ConsentParty, at: Date, reason?: string | null): ConsentOutcome {
  if (MOVER[move] !== by) {
    const who = MOVER[move] === 'ANSWERER' ? 'Chỉ tác giả (hoặc người trả lời thay tác giả) được trả lời yêu cầu.' : MOVER[move] === 'REQUESTER' ? 'Chỉ người gửi yêu cầu được rút lại.' : 'Chỉ hệ thống thực hiện bước này.';
    return { ok: false, code: 'NOT_ALLOWED', message: who };
  }
  if (state.status !== 'PENDING') return { ok: false, code: 'INVALID_STATE', message: `Yêu cầu ${STATUS_LABEL[state.status]}.` };
  const expired = at.getTime() >= state.expiresAt.getTime();
  if (move === 'EXPIRE' && !expired) return { ok: false, code: 'INVALID_STATE', message: 'Yêu cầu chưa đến hạn.' };
  if (move !== 'EXPIRE' && move !== 'CANCEL' && expired) return { ok: false, code: 'INVALID_STATE', message: 'Yêu cầu đã hết hạn.' };
  if (move === 'REFUSE' && !reason?.trim()) return { ok: false, code: 'REQUIRED', message: 'Từ chối phải nêu lý do.' };
  return { ok: true, status: RESULT[move], applies: move === 'ACCEPT' };
}
