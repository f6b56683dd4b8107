/**
 * A disagreement between the justice office's appraisal and the drafting unit on a legal
 * normative document (seed 004 Art. 7 §2), referred by the drafter to the signer: REFERRED until
 * the signer decides for one side (DECIDED). A decision is final and kept; a new disagreement is a
 * new referral. Pure: every other move is refused.
 */
export const REFERRAL_STATUSES = ['REFERRED', 'DECIDED'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Whose view the signer upholds. */
export const REFERRAL_DECISIONS = ['APPRAISAL', 'DRAFTING_UNIT'] as const;
export type ReferralDecision = (typeof REFERRAL_DECISIONS)[number];

export const REFERRAL_MOVES = ['DECIDE'] as const;
export type ReferralMove = (typeof REFERRAL_MOVES)[number];

export const REFERRAL_PARTIES = ['DRAFTER', 'SIGNER', 'OTHER'] as const;
export type ReferralParty = (typeof REFERRAL_PARTIES)[number];

export type ReferralOutcome = { ok: true; status: ReferralStatus } | { ok: false; code: 'INVALID_STATE' | 'NOT_ALLOWED'; message: string };

export function referralMove(status: ReferralStatus, move: ReferralMove, by: ReferralParty): ReferralOutcome {
  if (by !== 'SIGNER') return { ok: false, code: 'NOT_ALLOWED', message: 'Chỉ người ký văn bản quyết định ý kiến khác nhau.' };
  if (status !== 'REFERRED') return { ok: false, code: 'INVALID_STATE', message: 'Ý kiến khác nhau này đã được người ký quyết định.' };
  return { ok: true, status: move === 'DECIDE' ? 'DECIDED' : status };
}

