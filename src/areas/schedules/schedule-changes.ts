import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../accounts/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import type { Actor } from '../../core/actor.ts';
import { vietnamClock, vietnamDate } from '../../core/vietnam-time.ts';
import { printed } from '../../core/pdf.ts';
import { ScheduleChange, type ScheduleEntity, type ScheduleEventEntity } from './schedule.ts';
import type { ScheduleChangeKind } from './schedule-states.ts';

const WORDS: Record<ScheduleChangeKind, string> = { ADDED: 'Bổ sung lịch', UPDATED: 'Thay đổi lịch', CANCELLED: 'Hủy lịch' };

/**
 * After publication every change of an event is marked (what, when, by whom) and the people it
 * concerns, before and after the change, are told at once by a notice (the `scheduleChanged`
 * subscription hears of it from the event's audited act). A draft's changes are nobody's news.
 */
export async function markChange(
  em: EntityManager,
  actor: Actor,
  schedule: ScheduleEntity,
  event: ScheduleEventEntity,
  kind: ScheduleChangeKind,
  fields: string[],
  concernedBefore: { attendeeIds: string[]; attendeeUnitIds: string[] },
): Promise<void> {
  if (schedule.status !== 'PUBLISHED') return;
  em.create(ScheduleChange, { organisation: actor.organisationId, schedule: schedule.id, event: event.id, kind, fields, by: actor.accountId });
  const people = new Set([...concernedBefore.attendeeIds, ...event.attendeeIds]);
  const units = [...new Set([...concernedBefore.attendeeUnitIds, ...event.attendeeUnitIds])];
  if (units.length > 0) {
    for (const account of await em.find(Account, { unit: { $in: units }, status: 'ACTIVE' }, { fields: ['id'] })) people.add(account.id);
  }
  if (actor.accountId) people.delete(actor.accountId);
  const when = `${vietnamClock(event.startsAt)} ngày ${printed(vietnamDate(event.startsAt))}`;
  await sendSystemNotice(em, actor.organisationId, { kind: 'SCHEDULE_CHANGED', recipients: [...people], text: `${WORDS[kind]}: ${event.title} (${when}).` });
  await em.flush();
}
