import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, OPEN_UNIT, Unit, unitsAndDescendants } from '../accounts/public.ts';
import { Document, seenBy } from '../documents/public.ts';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import type { Viewer } from '../../core/viewer.ts';
import { weekBounds } from './week.ts';
import { loadCalendar } from '../calendar/public.ts';
import { printed } from '../../core/pdf.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import { markChange } from './schedule-changes.ts';
import { draftsScope } from './schedule-policy.ts';
import { EventParticipant, MeetingRoom, Schedule, ScheduleEvent, type ScheduleEntity, type ScheduleEventEntity } from './schedule.ts';
import type { EventResponse } from './schedule-states.ts';

export interface EventFields {
  title?: string;
  startsAt?: Date;
  endsAt?: Date;
  place?: string | null;
  roomId?: string | null;
  chairId?: string | null;
  preparingUnitId?: string | null;
  notes?: string | null;
  private?: boolean;
  participantAccountIds?: readonly string[];
  participantUnits?: readonly { unitId: string; withSubUnits?: boolean | null }[];
  documentIds?: readonly string[];
  invitationId?: string | null;
}

/** A person booked elsewhere at the same time: warned, not refused (the scheduler decides). */
export interface ScheduleWarningModel {
  code: 'PERSON_BUSY' | 'NON_WORKING_DAY';
  /** The person booked twice (PERSON_BUSY). */
  accountId: string | null;
  message: string;
}

export interface EventOutcome {
  event: ScheduleEventEntity;
  warnings: ScheduleWarningModel[];
}

export async function scheduleToEdit(em: EntityManager, viewer: Viewer, id: string, field: string[]): Promise<ScheduleEntity> {
  const schedule = await em.findOne(Schedule, { id });
  if (!schedule) reject(field, 'NOT_FOUND', 'Lịch không tồn tại.');
  if (!draftsScope(viewer, schedule.unit?.id ?? null)) reject(null, 'NOT_ALLOWED', 'Chỉ người lập lịch được thêm hoặc sửa sự kiện.');
  return schedule;
}

/**
 * Checks every field given and resolves the people, units, room and papers it names: each of the
 * scheduler's organisation (the tenant filter), active, and (papers) visible to the scheduler.
 * Nothing is written before every problem is known.
 */
export async function resolveFields(em: EntityManager, actor: Actor, schedule: ScheduleEntity, fields: EventFields, current: ScheduleEventEntity | null) {
  const problems = new Problems();
  const title = fields.title === undefined ? undefined : requiredText(problems, ['input', 'title'], fields.title, 500, 'Nội dung');
  const place = fields.place === undefined ? undefined : fields.place?.trim() ? requiredText(problems, ['input', 'place'], fields.place, 300, 'Địa điểm') : null;
  const notes = fields.notes === undefined ? undefined : fields.notes?.trim() ? requiredText(problems, ['input', 'notes'], fields.notes, 2000, 'Ghi chú') : null;
  const startsAt = fields.startsAt ?? current?.startsAt;
  const endsAt = fields.endsAt ?? current?.endsAt;
  if (!startsAt) problems.add(['input', 'startsAt'], 'REQUIRED', 'Cần thời gian bắt đầu.');
  if (!endsAt) problems.add(['input', 'endsAt'], 'REQUIRED', 'Cần thời gian kết thúc.');
  if (startsAt && endsAt && !(endsAt > startsAt)) problems.add(['input', 'endsAt'], 'INVALID', 'Thời gian kết thúc phải sau thời gian bắt đầu.');
  const week = weekBounds(schedule);
  if (startsAt && (startsAt < week.from || startsAt >= week.to)) problems.add(['input', 'startsAt'], 'INVALID', 'Sự kiện phải bắt đầu trong tuần của lịch.');

  const room = fields.roomId ? await em.findOne(MeetingRoom, { id: fields.roomId }) : null;
  if (fields.roomId && !room) problems.add(['input', 'roomId'], 'NOT_FOUND', 'Phòng họp không tồn tại.');
  const people = [...new Set([...(fields.participantAccountIds ?? []), ...(fields.chairId ? [fields.chairId] : [])])];
  const accounts = people.length > 0 ? await em.find(Account, { id: { $in: people } }) : [];
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const checkPerson = (id: string, field: string[]) => {
    const account = byId.get(id);
    if (!account) problems.add(field, 'NOT_FOUND', 'Người tham dự không tồn tại.');
    else if (account.status !== 'ACTIVE') problems.add(field, 'INVALID_STATE', `Tài khoản ${account.fullName} không hoạt động.`);
  };
  if (fields.chairId) checkPerson(fields.chairId, ['input', 'chairId']);
  (fields.participantAccountIds ?? []).forEach((id, index) => checkPerson(id, ['input', 'participantAccountIds', String(index)]));
  const unitIds = [...new Set([...(fields.participantUnits ?? []).map((unit) => unit.unitId), ...(fields.preparingUnitId ? [fields.preparingUnitId] : [])])];
  const units = unitIds.length > 0 ? await em.find(Unit, { id: { $in: unitIds }, ...OPEN_UNIT }) : [];
  const unitFound = new Set(units.map((unit) => unit.id));
  if (fields.preparingUnitId && !unitFound.has(fields.preparingUnitId)) problems.add(['input', 'preparingUnitId'], 'INVALID_UNIT', 'Đơn vị chuẩn bị không tồn tại.');
  (fields.participantUnits ?? []).forEach((unit, index) => {
    if (!unitFound.has(unit.unitId)) problems.add(['input', 'participantUnits', String(index), 'unitId'], 'INVALID_UNIT', 'Đơn vị tham dự không tồn tại.');
  });
  const documentIds = [...new Set([...(fields.documentIds ?? []), ...(fields.invitationId ? [fields.invitationId] : [])])];
  // A paper the scheduler may not see is answered as one that does not exist.
  const documents = documentIds.length > 0 ? await em.find(Document, seenBy(actor, { id: { $in: documentIds } }), { fields: ['id', 'kind', 'direction'] }) : [];
  const seen = new Set(documents.map((document) => document.id));
  (fields.documentIds ?? []).forEach((id, index) => {
    if (!seen.has(id)) problems.add(['input', 'documentIds', String(index)], 'NOT_FOUND', 'Văn bản không tồn tại.');
  });
  if (fields.invitationId && !seen.has(fields.invitationId)) problems.add(['input', 'invitationId'], 'NOT_FOUND', 'Giấy mời không tồn tại.');
  else if (fields.invitationId && documents.find((document) => document.id === fields.invitationId)?.kind !== 'GIAY_MOI') {
    problems.add(['input', 'invitationId'], 'INVALID_KIND', 'Giấy mời phải là văn bản loại Giấy mời (GM).');
  }
  problems.throwIfAny();

  const withTree = (fields.participantUnits ?? []).filter((unit) => unit.withSubUnits).map((unit) => unit.unitId);
  const tree = withTree.length > 0 ? (await unitsAndDescendants(em, withTree, actor.organisationId)).ids : [];
  return { title, place, notes, startsAt: startsAt!, endsAt: endsAt!, room, tree };
}

/** A meeting room booked twice at once is refused; the lock orders two bookings of one room. */
export async function checkRoom(em: EntityManager, roomId: string, startsAt: Date, endsAt: Date, eventId: string | null): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`room:${roomId}`]);
  const clash = await em.findOne(
    ScheduleEvent,
    { room: roomId, cancelledAt: null, startsAt: { $lt: endsAt }, endsAt: { $gt: startsAt }, ...(eventId ? { id: { $ne: eventId } } : {}) },
    { fields: ['id', 'startsAt'] },
  );
  if (clash) reject(['input', 'roomId'], 'ROOM_BOOKED', 'Phòng họp đã có lịch trong khoảng thời gian này.');
}

/** People of the event booked in another event at the same time (any schedule of the organisation). */
async function personConflicts(em: EntityManager, event: ScheduleEventEntity): Promise<ScheduleWarningModel[]> {
  const people = event.attendeeIds;
  if (people.length === 0 || event.cancelledAt) return [];
  const others = await em.find(
    ScheduleEvent,
    { id: { $ne: event.id }, cancelledAt: null, startsAt: { $lt: event.endsAt }, endsAt: { $gt: event.startsAt }, attendeeIds: { $overlap: [...people] } },
    { fields: ['id', 'attendeeIds'] },
  );
  const busy = people.filter((id) => others.some((other) => other.attendeeIds.includes(id)));
  if (busy.length === 0) return [];
  const accounts = await em.find(Account, { id: { $in: busy } }, { fields: ['id', 'fullName'] });
  return accounts.map((account) => ({ code: 'PERSON_BUSY' as const, accountId: account.id, message: `${account.fullName} đã có lịch khác trùng thời gian.` }));
}

/**
 * An event on a day off of the organisation's working calendar (a weekend, a holiday, a day the
 * organisation announced): a warning, since a meeting may well be held then, but rarely by mistake.
 */
async function dayOffWarnings(em: EntityManager, organisationId: string, event: ScheduleEventEntity): Promise<ScheduleWarningModel[]> {
  const day = vietnamDate(event.startsAt);
  if ((await loadCalendar(em, organisationId)).isWorkingDay(day)) return [];
  return [{ code: 'NON_WORKING_DAY', accountId: null, message: `Ngày ${printed(day)} là ngày nghỉ theo lịch làm việc của cơ quan.` }];
}

/** What whoever schedules is warned of: people booked twice, a day off. */
async function warningsFor(em: EntityManager, organisationId: string, event: ScheduleEventEntity): Promise<ScheduleWarningModel[]> {
  if (event.cancelledAt) return [];
  return [...(await dayOffWarnings(em, organisationId, event)), ...(await personConflicts(em, event))];
}

/** Who the event concerns: its chair, each person invited, and who goes in the place of one. */
function attendeesOf(chairId: string | null, participants: { accountId: string | null; substituteId: string | null; response: EventResponse }[]): string[] {
  // Who sent someone in their place still sees the event (and may change their answer).
  const people = participants.flatMap((row) => [row.accountId, row.response === 'DELEGATED' ? row.substituteId : null]).filter((id): id is string => id !== null);
  return [...new Set([...(chairId ? [chairId] : []), ...people])];
}

async function participantRows(em: EntityManager, eventId: string) {
  return em.find(EventParticipant, { event: eventId }, { orderBy: { id: 'asc' } });
}

export async function addEvent(em: EntityManager, actor: Actor, viewer: Viewer, scheduleId: string, fields: EventFields): Promise<EventOutcome> {
  return placeEvent(em, actor, await scheduleToEdit(em, viewer, scheduleId, ['input', 'scheduleId']), fields);
}

/** A new event in a schedule its actor may edit (checked by the caller). */
export async function placeEvent(em: EntityManager, actor: Actor, schedule: ScheduleEntity, fields: EventFields): Promise<EventOutcome> {
  if (fields.title === undefined) reject(['input', 'title'], 'REQUIRED', 'Nội dung không được để trống.');
  const resolved = await resolveFields(em, actor, schedule, fields, null);
  if (resolved.room) await checkRoom(em, resolved.room.id, resolved.startsAt, resolved.endsAt, null);
  const event = em.create(ScheduleEvent, {
    organisation: actor.organisationId,
    schedule: schedule.id,
    unit: schedule.unit?.id ?? null,
    published: schedule.status === 'PUBLISHED',
    title: resolved.title!,
    startsAt: resolved.startsAt,
    endsAt: resolved.endsAt,
    place: resolved.place ?? null,
    room: resolved.room?.id ?? null,
    chair: fields.chairId ?? null,
    preparingUnit: fields.preparingUnitId ?? null,
    notes: resolved.notes ?? null,
    private: fields.private ?? false,
    documentIds: [...new Set(fields.documentIds ?? [])],
    invitation: fields.invitationId ?? null,
    attendeeIds: [],
    attendeeUnitIds: [],
    createdBy: actor.accountId!,
  });
  for (const id of new Set(fields.participantAccountIds ?? [])) em.create(EventParticipant, { organisation: actor.organisationId, event: event.id, account: id });
  for (const unit of fields.participantUnits ?? []) em.create(EventParticipant, { organisation: actor.organisationId, event: event.id, unit: unit.unitId, withSubUnits: unit.withSubUnits ?? false });
  event.attendeeIds = attendeesOf(fields.chairId ?? null, [...new Set(fields.participantAccountIds ?? [])].map((accountId) => ({ accountId, substituteId: null, response: 'PENDING' })));
  event.attendeeUnitIds = [...new Set([...(fields.participantUnits ?? []).map((unit) => unit.unitId), ...resolved.tree])];
  await em.flush();
  await auditAct(em, actor, 'schedule.event.added', { type: 'ScheduleEvent', id: event.id });
  await markChange(em, actor, schedule, event, 'ADDED', [], { attendeeIds: [], attendeeUnitIds: [] });
  return { event, warnings: await warningsFor(em, actor.organisationId, event) };
}

export async function eventToEdit(em: EntityManager, viewer: Viewer, id: string): Promise<{ event: ScheduleEventEntity; schedule: ScheduleEntity }> {
  const event = await em.findOne(ScheduleEvent, { id });
  if (!event) reject(['input', 'id'], 'NOT_FOUND', 'Sự kiện không tồn tại.');
  const schedule = await scheduleToEdit(em, viewer, event.schedule.id, ['input', 'id']);
  if (event.cancelledAt) reject(['input', 'id'], 'INVALID_STATE', 'Sự kiện đã bị hủy.');
  return { event, schedule };
}

/** Changes the fields given; after publication the change is marked and announced. */
export async function updateEvent(em: EntityManager, actor: Actor, viewer: Viewer, id: string, fields: EventFields): Promise<EventOutcome> {
  const { event, schedule } = await eventToEdit(em, viewer, id);
  return changeEvent(em, actor, schedule, event, fields);
}

/** Changes an event of a schedule its actor may edit (checked by the caller). */
export async function changeEvent(em: EntityManager, actor: Actor, schedule: ScheduleEntity, event: ScheduleEventEntity, fields: EventFields): Promise<EventOutcome> {
  const resolved = await resolveFields(em, actor, schedule, fields, event);
  const roomId = fields.roomId === undefined ? (event.room?.id ?? null) : fields.roomId;
  if (roomId) await checkRoom(em, roomId, resolved.startsAt, resolved.endsAt, event.id);
  const before = { attendeeIds: [...event.attendeeIds], attendeeUnitIds: [...event.attendeeUnitIds] };
  const changed: string[] = [];
  const set = <K extends keyof ScheduleEventEntity>(key: K, value: ScheduleEventEntity[K] | undefined, same = (a: unknown, b: unknown) => a === b) => {
    if (value === undefined || same(event[key], value)) return;
    event[key] = value;
    changed.push(String(key));
  };
  const time = (a: unknown, b: unknown) => (a as Date).getTime() === (b as Date).getTime();
  set('title', resolved.title ?? undefined);
  set('startsAt', fields.startsAt ? resolved.startsAt : undefined, time);
  set('endsAt', fields.endsAt ? resolved.endsAt : undefined, time);
  set('place', resolved.place);
  set('notes', resolved.notes);
  set('private', fields.private);
  if (fields.roomId !== undefined && (event.room?.id ?? null) !== fields.roomId) {
    event.room = fields.roomId ? em.getReference(MeetingRoom, fields.roomId, { wrapped: true }) : null;
    changed.push('room');
  }
  if (fields.chairId !== undefined && (event.chair?.id ?? null) !== fields.chairId) {
    event.chair = fields.chairId ? em.getReference(Account, fields.chairId, { wrapped: true }) : null;
    changed.push('chair');
  }
  if (fields.preparingUnitId !== undefined && (event.preparingUnit?.id ?? null) !== fields.preparingUnitId) {
    event.preparingUnit = fields.preparingUnitId ? em.getReference(Unit, fields.preparingUnitId, { wrapped: true }) : null;
    changed.push('preparingUnit');
  }
  if (fields.documentIds !== undefined) {
    const ids = [...new Set(fields.documentIds)];
    if (ids.join() !== event.documentIds.join()) {
      event.documentIds = ids;
      changed.push('documents');
    }
  }
  if (fields.invitationId !== undefined && (event.invitation?.id ?? null) !== fields.invitationId) {
    event.invitation = fields.invitationId ? em.getReference(Document, fields.invitationId, { wrapped: true }) : null;
    changed.push('invitation');
  }
  let rows = await participantRows(em, event.id);
  if (fields.participantAccountIds !== undefined || fields.participantUnits !== undefined) {
    const wanted = new Set(fields.participantAccountIds ?? rows.filter((row) => row.account).map((row) => row.account!.id));
    const keep = rows.filter((row) => (row.account ? wanted.has(row.account.id) : fields.participantUnits === undefined));
    for (const row of rows) if (!keep.includes(row)) em.remove(row);
    const kept = new Set(keep.filter((row) => row.account).map((row) => row.account!.id));
    for (const accountId of wanted) if (!kept.has(accountId)) keep.push(em.create(EventParticipant, { organisation: actor.organisationId, event: event.id, account: accountId }));
    for (const unit of fields.participantUnits ?? []) keep.push(em.create(EventParticipant, { organisation: actor.organisationId, event: event.id, unit: unit.unitId, withSubUnits: unit.withSubUnits ?? false }));
    rows = keep;
    changed.push('participants');
  }
  event.attendeeIds = attendeesOf(event.chair?.id ?? null, rows.map((row) => ({ accountId: row.account?.id ?? null, substituteId: row.substitute?.id ?? null, response: row.response })));
  if (fields.participantUnits !== undefined) event.attendeeUnitIds = [...new Set([...fields.participantUnits.map((unit) => unit.unitId), ...resolved.tree])];
  if (changed.length === 0) return { event, warnings: await warningsFor(em, actor.organisationId, event) };
  await em.flush();
  await auditAct(em, actor, 'schedule.event.updated', { type: 'ScheduleEvent', id: event.id }, { fields: changed });
  await markChange(em, actor, schedule, event, 'UPDATED', changed, before);
  return { event, warnings: await warningsFor(em, actor.organisationId, event) };
}

export async function cancelEvent(em: EntityManager, actor: Actor, viewer: Viewer, id: string): Promise<ScheduleEventEntity> {
  const { event, schedule } = await eventToEdit(em, viewer, id);
  event.cancelledAt = new Date();
  await em.flush();
  await auditAct(em, actor, 'schedule.event.cancelled', { type: 'ScheduleEvent', id: event.id });
  await markChange(em, actor, schedule, event, 'CANCELLED', [], { attendeeIds: [], attendeeUnitIds: [] });
  return event;
}

/** An invited person accepts, declines, or sends a colleague of the organisation in their place. */
export async function respondToEvent(em: EntityManager, actor: Actor, input: { id: string; response: EventResponse; substituteId: string | null }): Promise<ScheduleEventEntity> {
  const event = await em.findOne(ScheduleEvent, { id: input.id });
  if (!event) reject(['input', 'id'], 'NOT_FOUND', 'Sự kiện không tồn tại.');
  if (event.cancelledAt) reject(['input', 'id'], 'INVALID_STATE', 'Sự kiện đã bị hủy.');
  const row = await em.findOne(EventParticipant, { event: event.id, account: actor.accountId! });
  if (!row) reject(['input', 'id'], 'NOT_ALLOWED', 'Bạn không có tên trong danh sách mời.');
  if (input.response === 'PENDING') reject(['input', 'response'], 'INVALID', 'Hãy chọn tham dự, không tham dự hoặc cử người thay.');
  if (input.response === 'DELEGATED') {
    if (!input.substituteId) reject(['input', 'substituteId'], 'REQUIRED', 'Chọn người đi thay.');
    const substitute = await em.findOne(Account, { id: input.substituteId });
    if (!substitute) reject(['input', 'substituteId'], 'NOT_FOUND', 'Người đi thay không tồn tại.');
    if (substitute.status !== 'ACTIVE') reject(['input', 'substituteId'], 'INVALID_STATE', 'Tài khoản người đi thay không hoạt động.');
    if (substitute.id === actor.accountId) reject(['input', 'substituteId'], 'INVALID', 'Người đi thay phải là người khác.');
  } else if (input.substituteId) {
    reject(['input', 'substituteId'], 'INVALID', 'Chỉ cử người đi thay khi chọn cử người thay.');
  }
  row.response = input.response;
  row.substitute = input.response === 'DELEGATED' ? em.getReference(Account, input.substituteId!, { wrapped: true }) : null;
  row.respondedAt = new Date();
  const rows = await participantRows(em, event.id);
  event.attendeeIds = attendeesOf(event.chair?.id ?? null, rows.map((one) => ({ accountId: one.account?.id ?? null, substituteId: one.substitute?.id ?? null, response: one.response })));
  await em.flush();
  await auditAct(em, actor, 'schedule.event.answered', { type: 'ScheduleEvent', id: event.id }, { response: input.response });
  return event;
}

/** The office (a clerk) or a leader names a meeting room of the organisation. */
export async function createMeetingRoom(em: EntityManager, actor: Actor, input: { name: string }) {
  const problems = new Problems();
  const name = requiredText(problems, ['input', 'name'], input.name, 200, 'Tên phòng họp');
  problems.throwIfAny();
  if (await em.findOne(MeetingRoom, { name: name! })) reject(['input', 'name'], 'DUPLICATE', 'Phòng họp này đã có.');
  const room = em.create(MeetingRoom, { organisation: actor.organisationId, name: name! });
  await em.flush();
  return room;
}
