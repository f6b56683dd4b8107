import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_MOVES,
  CONSULTATION_PARTIES,
  CONSULTATION_STATUSES,
  PARTICIPANT_STATUSES,
  consultationMove,
  type ConsultationMove,
  type ConsultationParty,
  type ConsultationStatus,
  type ParticipantStatus,
} from '../../src/areas/drafting/consultation-states.ts';
import { REFERRAL_MOVES, REFERRAL_PARTIES, REFERRAL_STATUSES, referralMove } from '../../src/areas/drafting/referral-states.ts';

const remindAt = new Date('2026-12-07T02:00:00Z');
const deadline = new Date('2026-12-07T09:00:00Z');
const BEFORE_REMINDER = new Date('2026-12-07T01:00:00Z');
const BETWEEN = new Date('2026-12-07T05:00:00Z');
const AT_DEADLINE = deadline;

const MOVER: Record<ConsultationMove, ConsultationParty> = { COMMENT: 'CONSULTEE', REMIND: 'SYSTEM', RECORD_NO_ANSWER: 'SYSTEM', COMPILE: 'DRAFTER', CANCEL: 'DRAFTER' };

/** What each move leads to, written out by hand for every state, party, time and count: null is refused. */
function expected(
  status: ConsultationStatus,
  move: ConsultationMove,
  by: ConsultationParty,
  at: Date,
  participant: ParticipantStatus,
  reminded: boolean,
  pending: number,
): { status: ConsultationStatus; participantStatus: ParticipantStatus | null } | null {
  if (MOVER[move] !== by || status !== 'OPEN') return null;
  const past = at >= deadline;
  switch (move) {
    case 'COMPILE':
      return pending === 0 ? { status: 'COMPILED', participantStatus: null } : null;
    case 'CANCEL':
      return { status: 'CANCELLED', participantStatus: null };
    case 'COMMENT':
      return !past && participant !== 'NO_ANSWER' ? { status: 'OPEN', participantStatus: 'ANSWERED' } : null;
    case 'REMIND':
      return participant === 'PENDING' && !reminded && at >= remindAt ? { status: 'OPEN', participantStatus: 'PENDING' } : null;
    case 'RECORD_NO_ANSWER':
      return participant === 'PENDING' && reminded && past ? { status: 'OPEN', participantStatus: 'NO_ANSWER' } : null;
  }
}

describe('consultation state machine', () => {
  it('allows exactly the listed moves and refuses every other, for every state, party, time and count', () => {
    let refused = 0;
    for (const status of CONSULTATION_STATUSES)
      for (const move of CONSULTATION_MOVES)
        for (const by of CONSULTATION_PARTIES)
          for (const at of [BEFORE_REMINDER, BETWEEN, AT_DEADLINE, new Date(deadline.getTime() + 1)])
            for (const participant of PARTICIPANT_STATUSES)
              for (const reminded of [false, true])
                for (const pending of [0, 1]) {
                  const outcome = consultationMove({ status, deadline, participant: { status: participant, reminded, remindAt }, pending }, move, by, at);
                  const want = expected(status, move, by, at, participant, reminded, pending);
                  const label = `${status} ${move} by ${by} at ${at.toISOString()} (${participant}, reminded ${reminded}, pending ${pending})`;
                  if (want) expect(outcome, label).toEqual({ ok: true, ...want });
                  else {
                    refused += 1;
                    expect(outcome.ok, label).toBe(false);
                    if (!outcome.ok) expect(outcome.message.length, label).toBeGreaterThan(0);
                  }
                }
    expect(refused).toBeGreaterThan(0);
  });

  it('says why: a wrong party is NOT_ALLOWED, a move out of its time or state INVALID_STATE', () => {
    const open = { status: 'OPEN' as const, deadline, participant: { status: 'PENDING' as const, reminded: false, remindAt }, pending: 1 };
    expect(consultationMove(open, 'COMPILE', 'CONSULTEE', BETWEEN)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consultationMove(open, 'COMMENT', 'DRAFTER', BETWEEN)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consultationMove(open, 'RECORD_NO_ANSWER', 'DRAFTER', AT_DEADLINE)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consultationMove(open, 'COMMENT', 'CONSULTEE', AT_DEADLINE)).toMatchObject({ ok: false, code: 'INVALID_STATE', message: 'Đã hết hạn góp ý cho dự thảo.' });
    expect(consultationMove(open, 'COMPILE', 'DRAFTER', BETWEEN)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(consultationMove({ ...open, status: 'COMPILED' }, 'COMMENT', 'CONSULTEE', BETWEEN)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});

describe('referral state machine', () => {
  it('lets only the signer decide, once', () => {
    for (const status of REFERRAL_STATUSES)
      for (const move of REFERRAL_MOVES)
        for (const by of REFERRAL_PARTIES) {
          const outcome = referralMove(status, move, by);
          if (status === 'REFERRED' && by === 'SIGNER') expect(outcome, `${status} ${move} ${by}`).toEqual({ ok: true, status: 'DECIDED' });
          else expect(outcome, `${status} ${move} ${by}`).toMatchObject({ ok: false, code: by === 'SIGNER' ? 'INVALID_STATE' : 'NOT_ALLOWED' });
        }
  });
});
