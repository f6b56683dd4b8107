import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';

/** The organisation's working calendar over HTTP: office hours, announced days, their effect. */
let app: TestApp;
let it_: string;

const CALENDAR = `query ($year: Int!, $date: LocalDate!, $from: DateTime!) {
  workingCalendar { workdays sessions { start end } days(year: $year) { date kind source } isWorkingDay(date: $date) addWorkingHours(from: $from, hours: 4) }
}`;
const PAYLOAD = 'calendar { workdays sessions { start end } } userErrors { field code message }';

beforeAll(async () => {
  app = await startTestApp();
  it_ = await app.login(DEMO.itOfficer);
});
afterAll(() => app?.close());

describe('working calendar', () => {
  it('starts from the statutory calendar', async () => {
    const result = await app.gql(CALENDAR, { year: 2027, date: '2027-09-03', from: '2027-09-01T16:00:00+07:00' }, await app.login(DEMO.specialist));
    const calendar = result.data?.workingCalendar;
    expect(calendar.workdays).toEqual([1, 2, 3, 4, 5]);
    expect(calendar.sessions).toEqual([{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }]);
    expect(calendar.days).toContainEqual({ date: '2027-02-06', kind: 'HOLIDAY', source: 'STATUTORY' });
    expect(calendar.isWorkingDay).toBe(true);
    expect(new Date(calendar.addWorkingHours)).toEqual(new Date('2027-09-03T10:30:00+07:00'));
  });

  it('takes the days an administrator announces, and counts deadlines around them', async () => {
    const added = await app.gql(
      `mutation ($input: AddCalendarDayInput!) { addCalendarDay(input: $input) { ${PAYLOAD} } }`,
      { input: { date: '2027-09-03', kind: 'HOLIDAY', note: 'Thông báo nghỉ Quốc khánh 2027' } },
      it_,
    );
    expect(added.data?.addCalendarDay.userErrors).toEqual([]);
    const result = await app.gql(CALENDAR, { year: 2027, date: '2027-09-03', from: '2027-09-01T16:00:00+07:00' }, it_);
    expect(result.data?.workingCalendar.isWorkingDay).toBe(false);
    expect(result.data?.workingCalendar.days).toContainEqual({ date: '2027-09-03', kind: 'HOLIDAY', source: 'ANNOUNCED' });
    expect(new Date(result.data?.workingCalendar.addWorkingHours)).toEqual(new Date('2027-09-06T10:30:00+07:00'));
    const again = await app.gql(
      `mutation ($input: AddCalendarDayInput!) { addCalendarDay(input: $input) { ${PAYLOAD} } }`,
      { input: { date: '2027-09-03', kind: 'WORKING_DAY', note: 'Trùng' } },
      it_,
    );
    expect(again.data?.addCalendarDay.userErrors).toEqual([expect.objectContaining({ field: ['input', 'date'], code: 'DUPLICATE' })]);
    const removed = await app.gql(`mutation { removeCalendarDay(input: { date: "2027-09-03" }) { userErrors { code } } }`, {}, it_);
    expect(removed.data?.removeCalendarDay.userErrors).toEqual([]);
  });

  it('sets office hours, refusing impossible ones', async () => {
    const set = await app.gql(
      `mutation ($input: SetOfficeHoursInput!) { setOfficeHours(input: $input) { ${PAYLOAD} } }`,
      { input: { workdays: [1, 2, 3, 4, 5, 6], sessions: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '16:30' }] } },
      it_,
    );
    expect(set.data?.setOfficeHours).toEqual({
      calendar: { workdays: [1, 2, 3, 4, 5, 6], sessions: [{ start: '07:00', end: '11:00' }, { start: '13:00', end: '16:30' }] },
      userErrors: [],
    });
    for (const input of [
      { workdays: [], sessions: [{ start: '07:00', end: '11:00' }] },
      { workdays: [1, 8], sessions: [{ start: '07:00', end: '11:00' }] },
      { workdays: [1], sessions: [{ start: '11:00', end: '07:00' }] },
      { workdays: [1], sessions: [{ start: '07:00', end: '12:00' }, { start: '11:00', end: '16:00' }] },
      { workdays: [1], sessions: [{ start: '7h', end: '11:00' }] },
    ]) {
      const refused = await app.gql(`mutation ($input: SetOfficeHoursInput!) { setOfficeHours(input: $input) { ${PAYLOAD} } }`, { input }, it_);
      expect(refused.data?.setOfficeHours.calendar, JSON.stringify(input)).toBeNull();
      expect(refused.data?.setOfficeHours.userErrors[0].code, JSON.stringify(input)).toBe('INVALID');
    }
    const unchanged = await app.gql('{ workingCalendar { workdays } }', {}, it_);
    expect(unchanged.data?.workingCalendar.workdays).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('is changed by IT officers only', async () => {
    const byLeader = await app.gql(
      `mutation { addCalendarDay(input: { date: "2027-01-02", kind: HOLIDAY, note: "x" }) { userErrors { code } } }`,
      {},
      await app.login(DEMO.leader),
    );
    expect(byLeader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
