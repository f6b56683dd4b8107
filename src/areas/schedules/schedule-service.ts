import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, OPEN_UNIT, Unit } from '../accounts/public.ts';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { reject } from '../../core/user-error.ts';
import type { Viewer } from '../../core/viewer.ts';
import { isIsoDate } from '../../core/vietnam-time.ts';
import { draftsScope, publishesScope } from './schedule-policy.ts';
import { Schedule, ScheduleEvent, type ScheduleEntity } from './schedule.ts';

/** The scope key of a schedule: one per organisation or unit and week. */
export const scopeOf = (unitId: string | null) => unitId ?? 'ORG';

/** Whether `date` (YYYY-MM-DD) is a Monday: a week's schedule starts on one. */
export function isMonday(date: string): boolean {
  return isIsoDate(date) && new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
}

/** The office drafts the organisation's week; a unit's heads or clerk draft the unit's. */
export async function createSchedule(em: EntityManager, actor: Actor, viewer: Viewer, input: { unitId: string | null; weekStart: string }): Promise<ScheduleEntity> {
  if (!isMonday(input.weekStart)) reject(['input', 'weekStart'], 'INVALID', 'Lịch tuần bắt đầu vào thứ Hai (YYYY-MM-DD).');
  if (input.unitId && !(await em.findOne(Unit, { id: input.unitId, ...OPEN_UNIT }))) reject(['input', 'unitId'], 'INVALID_UNIT', 'Đơn vị không tồn tại.');
  if (!draftsScope(viewer, input.unitId)) reject(null, 'NOT_ALLOWED', input.unitId ? 'Chỉ lãnh đạo hoặc văn thư của đơn vị được lập lịch của đơn vị.' : 'Chỉ Văn phòng hoặc lãnh đạo được lập lịch công tác của cơ quan.');
  const scope = scopeOf(input.unitId);
  // Two offices drafting the same week at once: the second finds the first one's schedule.
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`schedule:${actor.organisationId}:${scope}:${input.weekStart}`]);
  if (await em.findOne(Schedule, { scope, weekStart: input.weekStart })) reject(['input', 'weekStart'], 'DUPLICATE', 'Lịch của tuần này đã được lập.');
  const schedule = em.create(Schedule, {
    organisation: actor.organisationId,
    unit: input.unitId,
    scope,
    weekStart: input.weekStart,
    status: 'DRAFT',
    createdBy: actor.accountId!,
  });
  await em.flush();
  await auditAct(em, actor, 'schedule.created', { type: 'Schedule', id: schedule.id }, { weekStart: input.weekStart });
  return schedule;
}

/** Whether the viewer heads an office (Văn phòng) unit: its chief publishes the organisation's schedule. */
export async function isChiefOfOffice(em: EntityManager, viewer: Viewer): Promise<boolean> {
  if (viewer.headOfUnitIds.length === 0) return false;
  return (await em.count(Unit, { id: { $in: [...viewer.headOfUnitIds] }, kind: 'VAN_PHONG' })) > 0;
}

/**
 * The chief of office or a leader publishes the week: from then on every event is seen by whom it
 * invites, and each change is marked and announced (schedule-changes.ts).
 */
export async function publishSchedule(em: EntityManager, actor: Actor, viewer: Viewer, id: string): Promise<ScheduleEntity> {
  const schedule = await em.findOne(Schedule, { id });
  if (!schedule) reject(['input', 'id'], 'NOT_FOUND', 'Lịch không tồn tại.');
  if (!publishesScope(viewer, schedule.unit?.id ?? null, await isChiefOfOffice(em, viewer))) {
    reject(null, 'NOT_ALLOWED', schedule.unit ? 'Chỉ lãnh đạo đơn vị hoặc lãnh đạo cơ quan được ban hành lịch của đơn vị.' : 'Chỉ Chánh Văn phòng hoặc lãnh đạo được ban hành lịch công tác.');
  }
  if (schedule.status === 'PUBLISHED') reject(['input', 'id'], 'INVALID_STATE', 'Lịch đã được ban hành.');
  schedule.status = 'PUBLISHED';
  schedule.publishedAt = new Date();
  schedule.publishedBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  await em.nativeUpdate(ScheduleEvent, { schedule: schedule.id }, { published: true });
  await em.flush();
  await auditAct(em, actor, 'schedule.published', { type: 'Schedule', id: schedule.id });
  return schedule;
}
