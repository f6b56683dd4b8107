import { describe, expect, it } from 'vitest';
import { isFrozen, nextStatus, OUTGOING_ACTIONS, OUTGOING_STATUSES, type OutgoingAction, type OutgoingStatus } from '../../src/areas/documents/outgoing-states.ts';

const LEGAL = { legalNormative: true };
const ORDINARY = { legalNormative: false };

describe('outgoing document state machine', () => {
  it('walks an ordinary document from draft to issue', () => {
    const path: [OutgoingAction, OutgoingStatus][] = [
      ['SUBMIT', 'IN_REVIEW'],
      ['FORWARD', 'AWAITING_APPROVAL'],
      ['APPROVE', 'APPROVED'],
      ['ISSUE', 'ISSUED'],
      ['RECALL', 'RECALLED'],
    ];
    let status: OutgoingStatus = 'DRAFT';
    for (const [action, expected] of path) {
      status = nextStatus(status, action, ORDINARY)!;
      expect(status, action).toBe(expected);
    }
  });

  it('sends a legal normative document through the justice office before approval', () => {
    expect(nextStatus('IN_REVIEW', 'FORWARD', LEGAL)).toBe('IN_APPRAISAL');
    expect(nextStatus('IN_APPRAISAL', 'APPROVE', LEGAL)).toBeNull();
    expect(nextStatus('IN_APPRAISAL', 'APPRAISE', LEGAL)).toBe('AWAITING_APPROVAL');
  });

  it('returns to the drafter from every step of review, appraisal and approval', () => {
    for (const from of ['IN_REVIEW', 'IN_APPRAISAL', 'AWAITING_APPROVAL'] as const) expect(nextStatus(from, 'RETURN', ORDINARY)).toBe('DRAFT');
  });

  it('refuses every other move, exhaustively', () => {
    const allowed = new Set([
      'DRAFT SUBMIT',
      'IN_REVIEW FORWARD',
      'IN_APPRAISAL APPRAISE',
      'AWAITING_APPROVAL APPROVE',
      'IN_REVIEW RETURN',
      'IN_APPRAISAL RETURN',
      'AWAITING_APPROVAL RETURN',
      'APPROVED ISSUE',
      'ISSUED RECALL',
      'APPROVED SEND_FIRST',
    ]);
    let refused = 0;
    for (const status of OUTGOING_STATUSES) {
      for (const action of OUTGOING_ACTIONS) {
        for (const context of [LEGAL, ORDINARY]) {
          const result = nextStatus(status, action, context);
          if (allowed.has(`${status} ${action}`)) expect(result, `${status} ${action}`).not.toBeNull();
          else {
            expect(result, `${status} ${action}`).toBeNull();
            refused += 1;
          }
        }
      }
    }
    expect(refused).toBe((OUTGOING_STATUSES.length * OUTGOING_ACTIONS.length - allowed.size) * 2);
  });

  it('lets an approved document be sent first only once, staying APPROVED for the clerk to register', () => {
    expect(nextStatus('APPROVED', 'SEND_FIRST', { legalNormative: false, sentFirst: false })).toBe('APPROVED');
    expect(nextStatus('APPROVED', 'SEND_FIRST', { legalNormative: false, sentFirst: true })).toBeNull();
    expect(nextStatus('APPROVED', 'ISSUE', { legalNormative: false, sentFirst: true })).toBe('ISSUED');
  });

  it('freezes issued and recalled documents', () => {
    expect(OUTGOING_STATUSES.filter(isFrozen)).toEqual(['ISSUED', 'RECALLED']);
  });
});
