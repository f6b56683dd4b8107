import { describe, expect, it } from 'vitest';
import { DESTRUCTION_ACTIONS, DESTRUCTION_STATUSES, nextDestructionStatus } from '../../src/areas/archive/destruction-states.ts';
import { HAND_OVER_ACTIONS, HAND_OVER_STATUSES, nextHandOverStatus } from '../../src/areas/archive/handover-states.ts';
import { retentionEnded, retentionEndsOn } from '../../src/areas/archive/retention.ts';

describe('hand-over list state machine', () => {
  it('allows exactly the moves of seed 004 Art. 16 and refuses every other, exhaustively', () => {
    const expected: Record<string, string | null> = {
      'DRAFT EDIT': 'DRAFT',
      'DRAFT SUBMIT': 'SUBMITTED',
      'SUBMITTED RETURN': 'RETURNED',
      'SUBMITTED ACCEPT': 'ACCEPTED',
      'RETURNED EDIT': 'RETURNED',
      'RETURNED SUBMIT': 'SUBMITTED',
    };
    for (const status of HAND_OVER_STATUSES) {
      for (const action of HAND_OVER_ACTIONS) {
        expect(nextHandOverStatus(status, action), `${status} ${action}`).toBe(expected[`${status} ${action}`] ?? null);
      }
    }
  });

  it('never leaves ACCEPTED: an accepted list is the archive’s', () => {
    for (const action of HAND_OVER_ACTIONS) expect(nextHandOverStatus('ACCEPTED', action)).toBeNull();
  });
});

describe('destruction list state machine', () => {
  it('destroys only after approval and never goes back, exhaustively', () => {
    const expected: Record<string, string | null> = {
      'PROPOSED APPROVE': 'APPROVED',
      'PROPOSED REFUSE': 'REFUSED',
      'APPROVED DESTROY': 'DESTROYED',
    };
    for (const status of DESTRUCTION_STATUSES) {
      for (const action of DESTRUCTION_ACTIONS) {
        expect(nextDestructionStatus(status, action), `${status} ${action}`).toBe(expected[`${status} ${action}`] ?? null);
      }
    }
  });
});

describe('retention', () => {
  it('counts whole years from the first of January after the year the file was closed', () => {
    expect(retentionEndsOn('2015-06-30', 5)).toBe('2021-01-01');
    expect(retentionEndsOn('2015-12-31', 10)).toBe('2026-01-01');
    expect(retentionEndsOn('2015-01-01', null)).toBeNull();
  });

  it('has ended on its first day past, not before; a permanent one never ends', () => {
    expect(retentionEnded('2021-01-01', '2020-12-31')).toBe(false);
    expect(retentionEnded('2021-01-01', '2021-01-01')).toBe(true);
    expect(retentionEnded(null, '2999-01-01')).toBe(false);
  });
});
