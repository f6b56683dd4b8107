import { describe, expect, it } from 'vitest';
import { deliveryDeadline, electronicHandlingDeadline } from '../../src/areas/documents/delivery-deadlines.ts';
import { statutoryHolidays } from '../../src/areas/calendar/holidays.ts';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/areas/calendar/working-calendar.ts';

/** Local time in Hanoi, e.g. vn('2026-11-27 16:45'). */
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const calendar = new WorkingCalendar();

describe('public holidays (Labour Code 2019 Art. 112)', () => {
  it('has the fixed days and five days of Tết', () => {
    const days = statutoryHolidays(2027);
    for (const day of ['2027-01-01', '2027-04-30', '2027-05-01', '2027-09-02']) expect(days).toContain(day);
    // Tết Đinh Mùi: the eve on 5 February and the first four days of the year.
    expect(days.filter((day) => day.startsWith('2027-02'))).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
    expect(days).toContain('2027-04-16'); // Giỗ tổ Hùng Vương, 10/3 lunar
  });

  it('moves Tết with the lunar calendar', () => {
    expect(statutoryHolidays(2026).filter((day) => day.startsWith('2026-02'))).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
  });
});

describe('working days', () => {
  it('works Monday to Friday, not on weekends or holidays', () => {
    expect(calendar.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2027-09-02')).toBe(false); // National Day, a Thursday
    expect(calendar.nextWorkingDay('2026-11-27')).toBe('2026-11-30');
    expect(calendar.nextWorkingDay('2027-02-04')).toBe('2027-02-10'); // over Tết
  });

  it('takes the days an administrator adds, and make-up Saturdays', () => {
    const announced = new WorkingCalendar({ ...DEFAULT_CALENDAR, extraHolidays: ['2027-09-03'], extraWorkingDays: ['2027-09-11'] });
    expect(announced.isWorkingDay('2027-09-03')).toBe(false);
    expect(announced.isWorkingDay('2027-09-11')).toBe(true); // a Saturday worked instead
    expect(calendar.isWorkingDay('2027-09-03')).toBe(true);
  });
});

describe('office time', () => {
  it('is 7:30–11:30 and 13:30–17:00 on working days', () => {
    expect(calendar.isOfficeTime(vn('2026-11-27 07:30'))).toBe(true);
    expect(calendar.isOfficeTime(vn('2026-11-27 07:29'))).toBe(false);
    expect(calendar.isOfficeTime(vn('2026-11-27 11:30'))).toBe(false);
    expect(calendar.isOfficeTime(vn('2026-11-27 12:15'))).toBe(false);
    expect(calendar.isOfficeTime(vn('2026-11-27 16:59'))).toBe(true);
    expect(calendar.isOfficeTime(vn('2026-11-28 09:00'))).toBe(false);
  });

  it('takes other office hours when an organisation sets them', () => {
    const summer = new WorkingCalendar({ ...DEFAULT_CALENDAR, sessions: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '16:30' }] });
    expect(summer.isOfficeTime(vn('2026-11-27 07:10'))).toBe(true);
    expect(summer.addWorkingMinutes(vn('2026-11-27 10:30'), 60)).toEqual(vn('2026-11-27 13:30'));
  });
});

describe('adding working time', () => {
  it.each([
    ['within a session', '2026-11-26 08:00', 30, '2026-11-26 08:30'],
    ['over the lunch break', '2026-11-26 11:20', 30, '2026-11-26 13:50'],
    ['from the lunch break', '2026-11-26 12:00', 30, '2026-11-26 14:00'],
    ['over the evening', '2026-11-26 16:45', 30, '2026-11-27 07:45'],
    ['over a weekend', '2026-11-27 16:45', 30, '2026-11-30 07:45'],
    ['from a Saturday', '2026-11-28 10:00', 30, '2026-11-30 08:00'],
    ['from before opening', '2026-11-26 06:00', 240, '2026-11-26 11:30'],
    ['a whole day and more', '2026-11-26 07:30', 7.5 * 60 + 10, '2026-11-27 07:40'],
    ['across Tết', '2027-02-04 16:00', 240, '2027-02-10 10:30'],
    ['across National Day', '2027-09-01 16:30', 60, '2027-09-03 08:00'],
  ])('%s', (_, from, minutes, expected) => {
    expect(calendar.addWorkingMinutes(vn(from), minutes)).toEqual(vn(expected));
  });

  it('measures working time between two instants, the inverse of adding it', () => {
    expect(calendar.workingMinutesBetween(vn('2026-11-27 16:45'), vn('2026-11-30 07:45'))).toBe(30);
    expect(calendar.workingMinutesBetween(vn('2027-02-04 16:00'), vn('2027-02-10 10:30'))).toBe(240);
    expect(calendar.workingMinutesBetween(vn('2026-11-30 07:45'), vn('2026-11-27 16:45'))).toBe(0);
    for (const [from, minutes] of [['2026-11-26 11:20', 95], ['2027-02-03 09:00', 1000]] as const) {
      expect(calendar.workingMinutesBetween(vn(from), calendar.addWorkingMinutes(vn(from), minutes))).toBe(minutes);
    }
  });

  it('refuses to run forever on a calendar without working time', () => {
    const never = new WorkingCalendar({ ...DEFAULT_CALENDAR, workdays: [] });
    expect(() => never.addWorkingMinutes(vn('2026-11-26 08:00'), 10)).toThrow(/no working time/);
  });
});

describe('delivery deadlines (seed 000 Art. 8 §5, seed 004 Art. 7)', () => {
  it('gives an urgent document 30 minutes of office time when it arrives in office hours', () => {
    expect(deliveryDeadline(vn('2026-11-26 11:15'), 'KHAN', calendar)).toEqual(vn('2026-11-26 13:45'));
    expect(deliveryDeadline(vn('2026-11-26 09:00'), 'HOA_TOC', calendar)).toEqual(vn('2026-11-26 09:30'));
  });

  it('gives an urgent document one hour when it arrives outside office hours, weekends and holidays included', () => {
    expect(deliveryDeadline(vn('2026-11-26 20:00'), 'THUONG_KHAN', calendar)).toEqual(vn('2026-11-26 21:00'));
    expect(deliveryDeadline(vn('2026-11-28 10:00'), 'KHAN', calendar)).toEqual(vn('2026-11-28 11:00'));
    expect(deliveryDeadline(vn('2027-02-06 09:00'), 'KHAN', calendar)).toEqual(vn('2027-02-06 10:00'));
  });

  it('gives any other document 4 working hours', () => {
    expect(deliveryDeadline(vn('2026-11-26 15:00'), 'NORMAL', calendar)).toEqual(vn('2026-11-27 09:30'));
    expect(deliveryDeadline(vn('2026-11-28 10:00'), 'NORMAL', calendar)).toEqual(vn('2026-11-30 11:30'));
  });

  it('gives the clerk 2 working hours for an electronic document', () => {
    expect(electronicHandlingDeadline(vn('2026-11-26 16:00'), calendar)).toEqual(vn('2026-11-27 08:30'));
  });
});
