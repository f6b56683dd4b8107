import type { EntityManager } from '@mikro-orm/postgresql';
import { Document, onDocumentIssued, seenBy } from '../documents/public.ts';
import type { Actor } from '../../core/actor.ts';
import { reject } from '../../core/user-error.ts';
import type { Viewer } from '../../core/viewer.ts';
import { changeEvent, checkRoom, eventToEdit, placeEvent, resolveFields, scheduleToEdit, type EventFields } from './event-service.ts';
import { InvitationPlan, Schedule, ScheduleEvent, type InvitationPlanEntity } from './schedule.ts';

/** The kind of an outgoing meeting invitation (Giấy mời, GM). */
const INVITATION_KIND = 'GIAY_MOI';

/**
 * Plans the meeting a drafted invitation announces (a new event of a schedule, or a change of one):
 * checked now as the event itself would be, under the planner's rights, and applied when the
 * invitation is issued. Planning again replaces the plan.
 */
export async function planInvitation(
  em: EntityManager,
  actor: Actor,
  viewer: Viewer,
  input: { documentId: string; scheduleId: string | null; eventId: string | null; fields: EventFields },
): Promise<InvitationPlanEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Giấy mời không tồn tại.');
  if (document.kind !== INVITATION_KIND) reject(['input', 'documentId'], 'INVALID_KIND', 'Chỉ Giấy mời (GM) mới tạo lịch họp.');
  if (document.status === 'ISSUED' || document.status === 'RECALLED') reject(['input', 'documentId'], 'INVALID_STATE', 'Giấy mời đã được ban hành.');
  if (Boolean(input.scheduleId) === Boolean(input.eventId)) reject(['input', 'scheduleId'], 'INVALID', 'Chọn đúng một lịch (để thêm cuộc họp) hoặc một sự kiện (để cập nhật).');
  const { schedule, event } = input.eventId
    ? await eventToEdit(em, viewer, input.eventId)
    : { schedule: await scheduleToEdit(em, viewer, input.scheduleId!, ['input', 'scheduleId']), event: null };
  if (!event && (input.fields.title === undefined || !input.fields.startsAt || !input.fields.endsAt)) {
    reject(['input', 'title'], 'REQUIRED', 'Cuộc họp cần nội dung, thời gian bắt đầu và kết thúc.');
  }
  const resolved = await resolveFields(em, actor, schedule, input.fields, event);
  const roomId = input.fields.roomId ?? event?.room?.id;
  if (roomId) await checkRoom(em, roomId, resolved.startsAt, resolved.endsAt, event?.id ?? null);
  const plan = (await em.findOne(InvitationPlan, { document: document.id })) ?? em.create(InvitationPlan, {
    organisation: actor.organisationId,
    document: document.id,
    schedule: schedule.id,
    fields: '{}',
    plannedBy: actor.accountId!,
  });
  plan.schedule = em.getReference(Schedule, schedule.id, { wrapped: true });
  plan.event = event ? em.getReference(ScheduleEvent, event.id, { wrapped: true }) : null;
  plan.fields = JSON.stringify(input.fields);
  await em.flush();
  return plan;
}

function fieldsOf(plan: InvitationPlanEntity): EventFields {
  const stored = JSON.parse(plan.fields) as EventFields & { startsAt?: string; endsAt?: string };
  return { ...stored, startsAt: stored.startsAt ? new Date(stored.startsAt) : undefined, endsAt: stored.endsAt ? new Date(stored.endsAt) : undefined } as EventFields;
}

/**
 * On issue, in its transaction: the invitation's plan creates or updates its event, carrying the
 * invitation. What it names was checked under the planner's rights when planned, so it is resolved
 * here without the issuer's (a clerk who issues need not see the papers); a room booked since is
 * still refused, and refuses the issue.
 */
onDocumentIssued(async (em, { actor, document, now }) => {
  if (document.kind !== INVITATION_KIND) return;
  const plan = await em.findOne(InvitationPlan, { document: document.id, appliedAt: null });
  if (!plan) return;
  const acting: Actor = { ...actor, viewer: null };
  const fields = { ...fieldsOf(plan), invitationId: document.id };
  const schedule = await em.findOneOrFail(Schedule, { id: plan.schedule.id });
  const event = plan.event ? await em.findOne(ScheduleEvent, { id: plan.event.id, cancelledAt: null }) : null;
  if (event) await changeEvent(em, acting, schedule, event, fields);
  else {
    const { event: created } = await placeEvent(em, acting, schedule, fields);
    plan.event = em.getReference(ScheduleEvent, created.id, { wrapped: true });
  }
  plan.appliedAt = now;
  await em.flush();
});
