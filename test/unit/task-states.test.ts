import { describe, expect, it } from 'vitest';
import { isOverdue, nextTaskStatus, TASK_ACTIONS, TASK_STATUSES } from '../../src/areas/tasks/task-states.ts';

describe('task state machine', () => {
  it('moves an open task on and refuses every move from a finished one, exhaustively', () => {
    const expected: Record<string, string | null> = {
      'ASSIGNED REPORT_PROGRESS': 'IN_PROGRESS',
      'ASSIGNED CLOSE': 'DONE',
      'ASSIGNED CANCEL': 'CANCELLED',
      'IN_PROGRESS REPORT_PROGRESS': 'IN_PROGRESS',
      'IN_PROGRESS CLOSE': 'DONE',
      'IN_PROGRESS CANCEL': 'CANCELLED',
    };
    for (const status of TASK_STATUSES) {
      for (const action of TASK_ACTIONS) {
        expect(nextTaskStatus(status, action), `${status} ${action}`).toBe(expected[`${status} ${action}`] ?? null);
      }
    }
  });

  it('counts a task overdue only while it is open', () => {
    const past = new Date('2026-11-01T00:00:00Z');
    const now = new Date('2026-11-25T00:00:00Z');
    expect(isOverdue({ status: 'ASSIGNED', deadline: past }, now)).toBe(true);
    expect(isOverdue({ status: 'IN_PROGRESS', deadline: past }, now)).toBe(true);
    expect(isOverdue({ status: 'DONE', deadline: past }, now)).toBe(false);
    expect(isOverdue({ status: 'CANCELLED', deadline: past }, now)).toBe(false);
    expect(isOverdue({ status: 'ASSIGNED', deadline: new Date('2026-12-01T00:00:00Z') }, now)).toBe(false);
  });
});
