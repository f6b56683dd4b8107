import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, Unit } from '../accounts/public.ts';
import type { Viewer } from '../../core/viewer.ts';
import { seesDetails } from './schedule-policy.ts';
import { EventParticipant, MeetingRoom, type ScheduleEventEntity } from './schedule.ts';

/** An event in words, as a feed or the printed week shows it to one reader. */
export interface EventText {
  event: ScheduleEventEntity;
  /** Private and not the reader's: only its time shows. */
  busy: boolean;
  title: string;
  chair: string | null;
  participants: string | null;
  place: string | null;
  notes: string | null;
}

/**
 * The words of events for one reader (a private event of others reads "Bận" and nothing more), in a
 * fixed number of statements whatever the number of events: participants, people, units and rooms
 * are each read once for all of them.
 */
export async function eventTexts(em: EntityManager, viewer: Viewer, events: readonly ScheduleEventEntity[]): Promise<EventText[]> {
  const open = events.filter((event) => seesDetails(viewer, event));
  const ids = open.map((event) => event.id);
  const participants = ids.length > 0 ? await em.find(EventParticipant, { event: { $in: ids } }, { orderBy: { id: 'asc' } }) : [];
  const accountIds = [...new Set([...open.map((event) => event.chair?.id), ...participants.map((row) => row.account?.id)].filter((id): id is string => Boolean(id)))];
  const unitIds = [...new Set(participants.map((row) => row.unit?.id).filter((id): id is string => Boolean(id)))];
  const roomIds = [...new Set(open.map((event) => event.room?.id).filter((id): id is string => Boolean(id)))];
  const [accounts, units, rooms] = await Promise.all([
    accountIds.length > 0 ? em.find(Account, { id: { $in: accountIds } }, { fields: ['id', 'fullName'] }) : [],
    unitIds.length > 0 ? em.find(Unit, { id: { $in: unitIds } }, { fields: ['id', 'name'] }) : [],
    roomIds.length > 0 ? em.find(MeetingRoom, { id: { $in: roomIds } }) : [],
  ]);
  const names = new Map<string, string>([...accounts.map((a) => [a.id, a.fullName] as const), ...units.map((u) => [u.id, u.name] as const), ...rooms.map((r) => [r.id, r.name] as const)]);
  return events.map((event) => {
    if (!open.includes(event)) return { event, busy: true, title: 'Bận', chair: null, participants: null, place: null, notes: null };
    const who = participants
      .filter((row) => row.event.id === event.id)
      .map((row) => (row.account ? names.get(row.account.id) : row.unit ? `${names.get(row.unit.id)}${row.withSubUnits ? ' (cả đơn vị trực thuộc)' : ''}` : undefined))
      .filter((name): name is string => Boolean(name));
    const place = [event.room ? names.get(event.room.id) : null, event.place].filter(Boolean).join(', ') || null;
    return {
      event,
      busy: false,
      title: event.cancelledAt ? `[Đã hủy] ${event.title}` : event.title,
      chair: event.chair ? (names.get(event.chair.id) ?? null) : null,
      participants: who.length > 0 ? who.join(', ') : null,
      place,
      notes: event.notes ?? null,
    };
  });
}
