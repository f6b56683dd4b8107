import { replyStatusOf } from '../../src/areas/routing/reply-tracking.ts';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';
import { assignmentStatus, handledOnTime, isAssignmentOverdue } from '../../src/areas/routing/assignment-rules.ts';
import { endOfVietnamDay, startOfVietnamMonth } from '../../src/core/vietnam-time.ts';
import { needsProgressReports, reminderTime } from '../../src/areas/calendar/reminder-time.ts';

/** Local time in Hanoi, e.g. vn('2026-11-27 16:45'). */
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const calendar = new WorkingCalendar();

describe('when a deadline is reminded', () => {
  it('reminds a long matter one working day ahead, skipping the weekend', () => {
    // Assigned Monday 23 Nov, due Monday 7 Dec 17:00: reminded Friday 4 Dec 17:00 minus nothing =
    // one working day (7.5 h) before the deadline, which is Friday 17:00.
    expect(reminderTime(vn('2026-11-23 08:00'), vn('2026-12-07 17:00'), calendar)).toEqual(vn('2026-12-04 17:00'));
  });

  it('reminds when a quarter of the working time is left', () => {
    // Friday 13:30 → Monday 13:30 across the weekend is 7.5 working hours (3.5 h + 4 h); a quarter,
    // 1 h 52.5 min, before the deadline counts back over Monday's lunch: 09:37 (whole minutes).
    const assigned = vn('2026-11-27 13:30');
    const deadline = vn('2026-11-30 13:30');
    expect(calendar.workingMinutesBetween(assigned, deadline)).toBe(450);
    expect(reminderTime(assigned, deadline, calendar)).toEqual(vn('2026-11-30 09:37'));
  });

  it('keeps at least an hour for short work, halfway for less than two hours, and never lunch time', () => {
    // Two working hours, 9:00 → 11:00: an hour ahead is 10:00 (a quarter would be 30 min).
    expect(reminderTime(vn('2026-11-26 09:00'), vn('2026-11-26 11:00'), calendar)).toEqual(vn('2026-11-26 10:00'));
    // Forty minutes across lunch, 11:10 → 13:50: halfway in working time is 11:30 (end of the morning).
    expect(reminderTime(vn('2026-11-26 11:10'), vn('2026-11-26 13:50'), calendar)).toEqual(vn('2026-11-26 11:30'));
  });

  it('reminds at once when no working time is left before the deadline (evening, weekend, Tết)', () => {
    const assigned = vn('2027-02-05 09:00'); // Tết eve: a holiday
    expect(reminderTime(assigned, vn('2027-02-07 12:00'), calendar)).toEqual(assigned);
  });

  it('asks for progress reports only of work of two weeks or more (seed 000 Art. 3 §4)', () => {
    expect(needsProgressReports(vn('2026-11-01 08:00'), vn('2026-11-15 08:00'))).toBe(true);
    expect(needsProgressReports(vn('2026-11-01 08:00'), vn('2026-11-15 07:59'))).toBe(false);
  });
});

describe('assignment states', () => {
  const deadline = vn('2026-11-26 17:00');
  it('is received, then read, then done', () => {
    expect(assignmentStatus({})).toBe('RECEIVED');
    expect(assignmentStatus({ readAt: vn('2026-11-26 08:00') })).toBe('READ');
    expect(assignmentStatus({ readAt: vn('2026-11-26 08:00'), doneAt: vn('2026-11-26 09:00') })).toBe('DONE');
  });

  it('is overdue only while open past its deadline, and judged on time by when it was done', () => {
    expect(isAssignmentOverdue({ deadline }, vn('2026-11-26 17:01'))).toBe(true);
    expect(isAssignmentOverdue({ deadline }, vn('2026-11-26 16:59'))).toBe(false);
    expect(isAssignmentOverdue({ deadline, doneAt: vn('2026-11-27 08:00') }, vn('2026-11-28 08:00'))).toBe(false);
    expect(isAssignmentOverdue({ deadline: null }, vn('2030-01-01 08:00'))).toBe(false);
    expect(handledOnTime({ deadline })).toBeNull();
    expect(handledOnTime({ deadline, doneAt: deadline })).toBe(true);
    expect(handledOnTime({ deadline, doneAt: vn('2026-11-26 17:01') })).toBe(false);
    expect(handledOnTime({ deadline: null, doneAt: vn('2026-11-26 17:01') })).toBe(true);
  });
});

describe('Vietnam day and month bounds', () => {
  it('ends the day at midnight in Hanoi, not in UTC', () => {
    expect(endOfVietnamDay(new Date('2026-11-25T18:30:00Z'))).toEqual(vn('2026-11-27 00:00')); // 01:30 on the 26th in Hanoi
    expect(endOfVietnamDay(new Date('2026-11-25T16:00:00Z'))).toEqual(vn('2026-11-26 00:00'));
    expect(startOfVietnamMonth(new Date('2026-11-30T17:30:00Z'))).toEqual(vn('2026-12-01 00:00'));
  });
});

describe('replyStatusOf', () => {
  const now = new Date('2026-03-10T20:00:00Z'); // 03:00 on 11 March in Vietnam
  it('is NOT_REQUIRED without a reply asked, ANSWERED once replied, whatever the date', () => {
    expect(replyStatusOf({ replyRequired: false, repliedAt: null, replyBy: '2026-01-01' }, now)).toBe('NOT_REQUIRED');
    expect(replyStatusOf({ replyRequired: true, repliedAt: new Date(), replyBy: '2026-01-01' }, now)).toBe('ANSWERED');
  });
  it('is OVERDUE only once the reply-by day has passed in Vietnam', () => {
    expect(replyStatusOf({ replyRequired: true, repliedAt: null, replyBy: '2026-03-11' }, now)).toBe('AWAITING');
    expect(replyStatusOf({ replyRequired: true, repliedAt: null, replyBy: '2026-03-10' }, now)).toBe('OVERDUE');
    expect(replyStatusOf({ replyRequired: true, repliedAt: null, replyBy: null }, now)).toBe('AWAITING');
  });
});
