/**
 * Consultation on a draft (seed 004 Art. 7 §2, "văn bản phối hợp tham mưu") as a pure state
 * machine. A consultation is OPEN until the drafter compiles the comments into the next version
 * (COMPILED) or calls it off (CANCELLED). Each consulted unit or person is PENDING until they
 * comment (ANSWERED; they may add more comments until the deadline) or the deadline passes
 * unanswered (NO_ANSWER, recorded by the system after its one reminder).
 *
 * Time is part of the state: no comment is taken at or after the deadline, even before the sweep
 * records the silence, and silence is never recorded before it. The drafter compiles only once
 * nobody is still PENDING: every answer is in, or the silence of the rest is on record.
 */
export const CONSULTATION_STATUSES = ['OPEN', 'COMPILED', 'CANCELLED'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const PARTICIPANT_STATUSES = ['PENDING', 'ANSWERED', 'NO_ANSWER'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const CONSULTATION_MOVES = ['COMMENT', 'REMIND', 'RECORD_NO_ANSWER', 'COMPILE', 'CANCEL'] as const;
export type ConsultationMove = (typeof CONSULTATION_MOVES)[number];

/** Who moves: the drafter, a consulted unit's member or consulted person, or the system (the sweep). */
export const CONSULTATION_PARTIES = ['DRAFTER', 'CONSULTEE', 'SYSTEM'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];

export interface ConsultationState {
  status: ConsultationStatus;
  deadline: Date;
  /** Participant moves (COMMENT, REMIND, RECORD_NO_ANSWER): the participant's status and reminder. */
  participant?: { status: ParticipantStatus; reminded: boolean; remindAt: Date };
  /** COMPILE: how many participants are still PENDING. */
  pending?: number;
}

export type ConsultationOutcome =
  | { ok: true; status: ConsultationStatus; participantStatus: ParticipantStatus | null }
  | { ok: false; code: 'INVALID_STATE' | 'NOT_ALLOWED'; message: string };

const MOVER: Record<ConsultationMove, ConsultationParty> = {
  COMMENT: 'CONSULTEE',
  REMIND: 'SYSTEM',
  RECORD_NO_ANSWER: 'SYSTEM',
  COMPILE: 'DRAFTER',
  CANCEL: 'DRAFTER',
};

const WHO: Record<ConsultationParty, string> = {
  DRAFTER: 'Chỉ người soạn thảo dự thảo được thực hiện bước này.',
  CONSULTEE: 'Chỉ đơn vị, cá nhân được xin ý kiến được góp ý.',
  SYSTEM: 'Chỉ hệ thống thực hiện bước này.',
};

const STATUS_LABEL: Record<ConsultationStatus, string> = {
  OPEN: 'đang xin ý kiến',
  COMPILED: 'đã được tổng hợp',
  CANCELLED: 'đã bị hủy',
};

const fail = (code: 'INVALID_STATE' | 'NOT_ALLOWED', message: string): ConsultationOutcome => ({ ok: false, code, message });

export function consultationMove(state: ConsultationState, move: ConsultationMove, by: ConsultationParty, at: Date): ConsultationOutcome {
  if (MOVER[move] !== by) return fail('NOT_ALLOWED', WHO[MOVER[move]]);
  if (state.status !== 'OPEN') return fail('INVALID_STATE', `Đợt xin ý kiến ${STATUS_LABEL[state.status]}.`);
  const past = at.getTime() >= state.deadline.getTime();
  switch (move) {
    case 'COMPILE':
      if ((state.pending ?? 0) > 0) return fail('INVALID_STATE', 'Còn đơn vị, cá nhân chưa góp ý và chưa hết hạn góp ý: chưa tổng hợp được.');
      return { ok: true, status: 'COMPILED', participantStatus: null };
    case 'CANCEL':
      return { ok: true, status: 'CANCELLED', participantStatus: null };
    case 'COMMENT': {
      const participant = state.participant!;
      if (past) return fail('INVALID_STATE', 'Đã hết hạn góp ý cho dự thảo.');
      if (participant.status === 'NO_ANSWER') return fail('INVALID_STATE', 'Đã ghi nhận không có ý kiến.');
      return { ok: true, status: 'OPEN', participantStatus: 'ANSWERED' };
    }
    case 'REMIND': {
      const participant = state.participant!;
      if (participant.status !== 'PENDING') return fail('INVALID_STATE', 'Đã có ý kiến hoặc đã ghi nhận không có ý kiến.');
      if (participant.reminded) return fail('INVALID_STATE', 'Đã nhắc một lần.');
      if (at.getTime() < participant.remindAt.getTime()) return fail('INVALID_STATE', 'Chưa đến lúc nhắc.');
      return { ok: true, status: 'OPEN', participantStatus: 'PENDING' };
    }
    case 'RECORD_NO_ANSWER': {
      const participant = state.participant!;
      if (participant.status !== 'PENDING') return fail('INVALID_STATE', 'Đã có ý kiến hoặc đã ghi nhận không có ý kiến.');
      if (!past) return fail('INVALID_STATE', 'Chưa hết hạn góp ý.');
      // The reminder always comes first: a silence is recorded only of someone who was reminded.
      if (!participant.reminded) return fail('INVALID_STATE', 'Chưa nhắc lần nào.');
      return { ok: true, status: 'OPEN', participantStatus: 'NO_ANSWER' };
    }
  }
}

