import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { isIsoDate } from '../../core/vietnam-time.ts';
import { CalendarDay, OfficeHours, type CalendarDayEntity, type CalendarDayKind } from './calendar-settings.ts';
import { DEFAULT_CALENDAR, WorkingCalendar, type CalendarSettings } from './working-calendar.ts';

/** An organisation's working calendar: its office hours (or the default) and announced days. */
export async function loadCalendarSettings(em: EntityManager, organisationId: string): Promise<CalendarSettings> {
  const [hours, days] = await Promise.all([
    em.findOne(OfficeHours, { organisation: organisationId }),
    em.find(CalendarDay, { organisation: organisationId }),
  ]);
  return {
    workdays: hours ? hours.workdays : DEFAULT_CALENDAR.workdays,
    sessions: hours ? (JSON.parse(hours.sessions) as CalendarSettings['sessions']) : DEFAULT_CALENDAR.sessions,
    extraHolidays: days.filter((day) => day.kind === 'HOLIDAY').map((day) => day.date),
    extraWorkingDays: days.filter((day) => day.kind === 'WORKING_DAY').map((day) => day.date),
  };
}

export async function loadCalendar(em: EntityManager, organisationId: string): Promise<WorkingCalendar> {
  return new WorkingCalendar(await loadCalendarSettings(em, organisationId));
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export async function setOfficeHours(
  em: EntityManager,
  actor: Actor,
  input: { workdays: readonly number[]; sessions: readonly { start: string; end: string }[] },
): Promise<CalendarSettings> {
  const problems = new Problems();
  const workdays = [...new Set(input.workdays)].sort();
  if (workdays.length === 0 || workdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    problems.add(['input', 'workdays'], 'INVALID', 'Ngày làm việc là các số từ 1 (thứ Hai) đến 7 (Chủ nhật), ít nhất một ngày.');
  }
  if (input.sessions.length === 0 || input.sessions.length > 4) problems.add(['input', 'sessions'], 'INVALID', 'Cần từ 1 đến 4 buổi làm việc.');
  let previousEnd = '';
  input.sessions.forEach((session, index) => {
    if (!HHMM.test(session.start) || !HHMM.test(session.end) || session.start >= session.end || session.start < previousEnd) {
      problems.add(['input', 'sessions', String(index)], 'INVALID', 'Giờ buổi làm việc dạng HH:MM, bắt đầu trước kết thúc, các buổi theo thứ tự không chồng nhau.');
    }
    previousEnd = session.end;
  });
  problems.throwIfAny();
  const sessions = JSON.stringify(input.sessions.map(({ start, end }) => ({ start, end })));
  const existing = await em.findOne(OfficeHours, { organisation: actor.organisationId });
  if (existing) {
    existing.workdays = workdays;
    existing.sessions = sessions;
  } else {
    em.create(OfficeHours, { organisation: actor.organisationId, workdays, sessions });
  }
  await em.flush();
  await auditAct(em, actor, 'calendar.office_hours_set', { type: 'Organisation', id: actor.organisationId }, { workdays, sessions: input.sessions });
  return loadCalendarSettings(em, actor.organisationId);
}

export async function addCalendarDay(em: EntityManager, actor: Actor, input: { date: string; kind: CalendarDayKind; note: string }): Promise<CalendarDayEntity> {
  const problems = new Problems();
  if (!isIsoDate(input.date)) problems.add(['input', 'date'], 'INVALID', 'Ngày không hợp lệ.');
  const note = requiredText(problems, ['input', 'note'], input.note, 200, 'Căn cứ (số văn bản thông báo)');
  problems.throwIfAny();
  if (await em.count(CalendarDay, { date: input.date })) reject(['input', 'date'], 'DUPLICATE', 'Ngày này đã có trong lịch.');
  const day = em.create(CalendarDay, { organisation: actor.organisationId, date: input.date, kind: input.kind, note: note! });
  await em.flush();
  await auditAct(em, actor, 'calendar.day_added', { type: 'Organisation', id: actor.organisationId }, { date: input.date, kind: input.kind, note });
  return day;
}

export async function removeCalendarDay(em: EntityManager, actor: Actor, date: string): Promise<void> {
  const day = await em.findOne(CalendarDay, { date });
  if (!day) reject(['input', 'date'], 'NOT_FOUND', 'Ngày này không có trong lịch.');
  em.remove(day);
  await em.flush();
  await auditAct(em, actor, 'calendar.day_removed', { type: 'Organisation', id: actor.organisationId }, { date, kind: day.kind });
}
