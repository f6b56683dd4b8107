import type { FilterQuery } from '@mikro-orm/core';
import { oversees } from '../../core/handled.ts';
import type { RecordPolicy } from '../../core/policy.ts';
import type { Viewer } from '../../core/viewer.ts';
import type { ScheduleEntity, ScheduleEventEntity } from './schedule.ts';

/**
 * Who sees and who makes the weekly schedules (seed 000 Art. 11 §2, seed 004 Art. 5 §1), in one
 * place for queries, lists, counts, subscriptions and the feed route:
 * - the organisation's schedule (the leaders'): every member once published; the office's clerks
 *   and the leaders draft it;
 * - a unit's schedule: its members and the heads of it and of the units above, once published;
 *   the unit's heads (and those above) and its clerks draft it;
 * - the leaders see and draft every schedule;
 * - an event is also seen, once published, by each person and unit it invites.
 * A draft is seen only by who may draft it.
 */

/** The units whose schedules the viewer reads as theirs: their own, and those they head or sit above. */
function unitsOf(viewer: Viewer): string[] {
  return [...new Set([viewer.unitId, ...viewer.carriesForUnitIds])];
}

/** The units whose schedules the viewer drafts: those they head (and below), and their own as a clerk. */
function draftedUnitsOf(viewer: Viewer): string[] {
  return [...new Set([...viewer.carriesForUnitIds, ...(viewer.roles.includes('CLERK') ? [viewer.unitId] : [])])];
}

/** Whether the viewer drafts the schedule of this scope (unit null: the organisation's). */
export function draftsScope(viewer: Viewer, unitId: string | null): boolean {
  if (oversees(viewer)) return true;
  return unitId === null ? viewer.roles.includes('CLERK') : draftedUnitsOf(viewer).includes(unitId);
}

/**
 * Whether the viewer publishes the schedule of this scope: a leader; for the organisation's, the
 * chief of office too (`chiefOfOffice`: heads a VAN_PHONG unit); for a unit's, its heads.
 */
export function publishesScope(viewer: Viewer, unitId: string | null, chiefOfOffice: boolean): boolean {
  if (oversees(viewer)) return true;
  return unitId === null ? chiefOfOffice : viewer.carriesForUnitIds.includes(unitId);
}

/** A schedule's or an event's scope and publication, as the two rules below read them. */
function scopeWays(viewer: Viewer, published: object): object[] {
  const ways: object[] = [
    { unit: null, ...published },
    { unit: { $in: unitsOf(viewer) }, ...published },
  ];
  if (viewer.roles.includes('CLERK')) ways.push({ unit: null });
  const drafted = draftedUnitsOf(viewer);
  if (drafted.length > 0) ways.push({ unit: { $in: drafted } });
  return ways;
}

function seesScope(viewer: Viewer, unitId: string | null, published: boolean): boolean {
  if (published && (unitId === null || unitsOf(viewer).includes(unitId))) return true;
  return draftsScope(viewer, unitId);
}

export const schedulePolicy: RecordPolicy<ScheduleEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (oversees(viewer)) return organisation as FilterQuery<ScheduleEntity>;
    return { ...organisation, $or: scopeWays(viewer, { status: 'PUBLISHED' }) } as FilterQuery<ScheduleEntity>;
  },
  canSee(viewer, schedule) {
    if (schedule.organisation.id !== viewer.organisationId) return false;
    return oversees(viewer) || seesScope(viewer, schedule.unit?.id ?? null, schedule.status === 'PUBLISHED');
  },
};

/** Whether the event invites the viewer (as a person, as their substitute, as the chair, or their unit). */
export function concerns(viewer: Pick<Viewer, 'accountId' | 'unitId'>, event: Pick<ScheduleEventEntity, 'attendeeIds' | 'attendeeUnitIds'>): boolean {
  return event.attendeeIds.includes(viewer.accountId) || event.attendeeUnitIds.includes(viewer.unitId);
}

export const eventPolicy: RecordPolicy<ScheduleEventEntity> = {
  visible(viewer) {
    const organisation = { organisation: viewer.organisationId };
    if (oversees(viewer)) return organisation as FilterQuery<ScheduleEventEntity>;
    const ways = [
      ...scopeWays(viewer, { published: true }),
      { published: true, attendeeIds: { $contains: [viewer.accountId] } },
      { published: true, attendeeUnitIds: { $overlap: [viewer.unitId] } },
    ];
    return { ...organisation, $or: ways } as FilterQuery<ScheduleEventEntity>;
  },
  canSee(viewer, event) {
    if (event.organisation.id !== viewer.organisationId) return false;
    if (oversees(viewer) || seesScope(viewer, event.unit?.id ?? null, event.published)) return true;
    return event.published && concerns(viewer, event);
  },
};

/**
 * Whether the viewer reads a private event's title, place, people, papers and notes: who it
 * concerns and who drafts its schedule. Anyone else who sees it sees only that its time is busy.
 */
export function seesDetails(viewer: Viewer, event: ScheduleEventEntity): boolean {
  return !event.private || concerns(viewer, event) || draftsScope(viewer, event.unit?.id ?? null) || event.createdBy.id === viewer.accountId;
}
