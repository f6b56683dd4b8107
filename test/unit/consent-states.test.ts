import { describe, expect, it } from 'vitest';
import { CONSENT_MOVES, CONSENT_PARTIES, consentMove, isFinal } from '../../src/areas/folders/consent-states.ts';
import { CHANGE_REQUEST_STATUSES } from '../../src/areas/folders/folder.ts';

/** The author's consent (seed 002 Art. 10.2): every move from every state, by every party, before and after expiry. */
const expiresAt = new Date('2026-12-08T10:00:00Z');
const before = new Date('2026-12-08T09:59:59Z');
const after = new Date('2026-12-08T10:00:00Z');

describe('the consent state machine', () => {
  it('allows exactly these moves, and refuses every other one', () => {
    const allowed: Record<string, string> = {
      'PENDING ACCEPT ANSWERER before': 'ACCEPTED',
      'PENDING REFUSE ANSWERER before': 'REFUSED',
      'PENDING WITHDRAW REQUESTER before': 'WITHDRAWN',
      'PENDING EXPIRE SYSTEM after': 'EXPIRED',
      'PENDING CANCEL SYSTEM before': 'CANCELLED',
      'PENDING CANCEL SYSTEM after': 'CANCELLED',
    };
    let checked = 0;
    for (const status of CHANGE_REQUEST_STATUSES) {
      for (const move of CONSENT_MOVES) {
        for (const party of CONSENT_PARTIES) {
          for (const [when, at] of [['before', before], ['after', after]] as const) {
            const key = `${status} ${move} ${party} ${when}`;
            const outcome = consentMove({ status, expiresAt }, move, party, at, 'Lý do');
            checked += 1;
            if (allowed[key]) expect(outcome, key).toEqual({ ok: true, status: allowed[key], applies: move === 'ACCEPT' });
            else expect(outcome.ok, key).toBe(false);
          }
        }
      }
    }
    expect(checked).toBe(CHANGE_REQUEST_STATUSES.length * CONSENT_MOVES.length * CONSENT_PARTIES.length * 2);
  });

  it('says why a move is refused: the wrong party, a final state, the clock', () => {
    expect(consentMove({ status: 'PENDING', expiresAt }, 'ACCEPT', 'REQUESTER', before)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consentMove({ status: 'PENDING', expiresAt }, 'WITHDRAW', 'ANSWERER', before)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consentMove({ status: 'PENDING', expiresAt }, 'EXPIRE', 'ANSWERER', after)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    expect(consentMove({ status: 'ACCEPTED', expiresAt }, 'REFUSE', 'ANSWERER', before, 'x')).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(consentMove({ status: 'PENDING', expiresAt }, 'ACCEPT', 'ANSWERER', after)).toMatchObject({ ok: false, code: 'INVALID_STATE', message: 'Yêu cầu đã hết hạn.' });
    expect(consentMove({ status: 'PENDING', expiresAt }, 'EXPIRE', 'SYSTEM', before)).toMatchObject({ ok: false, code: 'INVALID_STATE', message: 'Yêu cầu chưa đến hạn.' });
  });

  it('refuses a refusal without a reason', () => {
    for (const reason of [undefined, null, '', '   ']) {
      expect(consentMove({ status: 'PENDING', expiresAt }, 'REFUSE', 'ANSWERER', before, reason)).toMatchObject({ ok: false, code: 'REQUIRED' });
    }
    expect(consentMove({ status: 'PENDING', expiresAt }, 'ACCEPT', 'ANSWERER', before)).toEqual({ ok: true, status: 'ACCEPTED', applies: true });
  });

  it('knows which states are final', () => {
    expect(CHANGE_REQUEST_STATUSES.filter((status) => !isFinal(status))).toEqual(['PENDING']);
  });
});
