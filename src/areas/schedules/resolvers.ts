import type { FilterQuery } from '@mikro-orm/core';
import { viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, withoutNulls } from '../../core/mutate.ts';
import { namedRecordId } from '../../core/named.ts';
import { recordStream } from '../../core/record-stream.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { documentNameFor } from '../documents/public.ts';
import { taskTitleAsSeen } from '../tasks/public.ts';
import { addEvent, cancelEvent, createMeetingRoom, respondToEvent, updateEvent, type EventFields, type ScheduleWarningModel } from './event-service.ts';
import { rotateFeed } from './feed-service.ts';
import { planInvitation } from './invitations.ts';
import { printPath } from './print-route.ts';
import { SCHEDULE_CHANGE_ACTIONS, scheduleEventRecordKind } from './record-kind.ts';
import { concerns, draftsScope, eventPolicy, publishesScope, schedulePolicy, seesDetails } from './schedule-policy.ts';
import { createSchedule, isChiefOfOffice, publishSchedule, scopeOf } from './schedule-service.ts';
import { MeetingRoom, Schedule, ScheduleEvent, type ScheduleEntity, type ScheduleEventEntity } from './schedule.ts';
import { weekBounds } from './week.ts';

/** The schedules over GraphQL: thin, every rule in the area's services and its policy. */

const BUSY = 'Bận';

/** Whether the viewer is a chief of office, asked once per request however many schedules are listed. */
const chiefs = new WeakMap<Context, Promise<boolean>>();
function chiefOfOffice(context: Context): Promise<boolean> {
  let answer = chiefs.get(context);
  if (!answer) chiefs.set(context, (answer = isChiefOfOffice(context.em, viewerOf(context))));
  return answer;
}

/** An event's field as the viewer may read it: a private event of others shows only its time. */
const detail = async <T>(context: Context, event: ScheduleEventEntity, value: () => T | Promise<T>, hidden: T): Promise<T> => (seesDetails(viewerOf(context), event) ? value() : hidden);

type GivenFields = {
  title?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  place?: string | null;
  roomId?: string | null;
  chairId?: string | null;
  preparingUnitId?: string | null;
  notes?: string | null;
  private?: boolean | null;
  participantAccountIds?: readonly string[] | null;
  participantUnits?: readonly { unitId: string; withSubUnits?: boolean | null }[] | null;
  documentIds?: readonly string[] | null;
  invitationId?: string | null;
};

/** The input's global ids as the service's ids; a malformed one is a userError on its field. */
function eventFields(input: GivenFields): EventFields {
  const given = withoutNulls(input);
  return {
    ...given,
    roomId: optionalIdOf(input.roomId, 'MeetingRoom', ['input', 'roomId']) ?? undefined,
    chairId: optionalIdOf(input.chairId, 'Account', ['input', 'chairId']) ?? undefined,
    preparingUnitId: optionalIdOf(input.preparingUnitId, 'Unit', ['input', 'preparingUnitId']) ?? undefined,
    invitationId: optionalIdOf(input.invitationId, 'Document', ['input', 'invitationId']) ?? undefined,
    participantAccountIds: input.participantAccountIds?.map((id, index) => idOf(id, 'Account', ['input', 'participantAccountIds', String(index)])),
    participantUnits: input.participantUnits?.map((unit, index) => ({ unitId: idOf(unit.unitId, 'Unit', ['input', 'participantUnits', String(index), 'unitId']), withSubUnits: unit.withSubUnits ?? false })),
    documentIds: input.documentIds?.map((id, index) => idOf(id, 'Document', ['input', 'documentIds', String(index)])),
  } as EventFields;
}

/** An event the viewer may not see is answered as a missing one, before any rule is checked. */
const visibleEventId = (context: Context, globalId: string) => namedRecordId(context.loaders.scheduleEvent, globalId, 'ScheduleEvent', ['input', 'id'], 'Sự kiện không tồn tại.');
const visibleScheduleId = (context: Context, globalId: string, field: string[]) => namedRecordId(context.loaders.schedule, globalId, 'Schedule', field, 'Lịch không tồn tại.');

/** The payload's event as the viewer reads it now (through its policy). */
async function eventPayload(context: Context, work: (em: Parameters<Parameters<typeof mutate>[1]>[0]) => Promise<{ event: ScheduleEventEntity; warnings?: ScheduleWarningModel[] }>) {
  const outcome = await mutate(context, (em) => work(em));
  if (!('event' in outcome)) return { event: null, warnings: [], userErrors: outcome.userErrors };
  return { event: await context.loaders.scheduleEvent.load(outcome.event.id), warnings: outcome.warnings ?? [], userErrors: [] };
}

async function schedulePayload(context: Context, work: (em: Parameters<Parameters<typeof mutate>[1]>[0]) => Promise<ScheduleEntity>) {
  const outcome = await mutate(context, async (em) => ({ schedule: await work(em) }));
  return 'schedule' in outcome ? { schedule: await context.loaders.schedule.load(outcome.schedule.id), userErrors: [] } : { schedule: null, userErrors: outcome.userErrors };
}

export const scheduleResolvers: Resolvers = {
  Query: {
    schedule: async (_, { unitId, weekStart }, context) => {
      const unit = optionalIdOf(unitId, 'Unit', ['unitId']);
      const viewer = viewerOf(context);
      return context.em.findOne(Schedule, { $and: [{ scope: scopeOf(unit), weekStart }, schedulePolicy.visible(viewer)] } as FilterQuery<ScheduleEntity>);
    },
    schedules: (_, { weekStart }, context) =>
      context.em.find(Schedule, { $and: [{ weekStart }, schedulePolicy.visible(viewerOf(context))] } as FilterQuery<ScheduleEntity>, { orderBy: { scope: 'asc' } }),
    myWeek: (_, { weekStart }, context) => {
      const viewer = viewerOf(context);
      const week = weekBounds({ weekStart });
      const mine = { $or: [{ attendeeIds: { $contains: [viewer.accountId] } }, { attendeeUnitIds: { $overlap: [viewer.unitId] } }] };
      return context.em.find(ScheduleEvent, { $and: [eventPolicy.visible(viewer), mine, { startsAt: { $gte: week.from, $lt: week.to } }] } as FilterQuery<ScheduleEventEntity>, {
        orderBy: { startsAt: 'asc', id: 'asc' },
      });
    },
    meetingRooms: (_, __, context) => context.em.find(MeetingRoom, {}, { orderBy: { name: 'asc' } }),
  },
  Mutation: {
    createSchedule: (_, { input }, context) =>
      schedulePayload(context, (em) => createSchedule(em, context.actor!, viewerOf(context), { unitId: optionalIdOf(input.unitId, 'Unit', ['input', 'unitId']), weekStart: input.weekStart })),
    publishSchedule: (_, { input }, context) =>
      schedulePayload(context, async (em) => publishSchedule(em, context.actor!, viewerOf(context), await visibleScheduleId(context, input.id, ['input', 'id']))),
    addScheduleEvent: (_, { input }, context) =>
      eventPayload(context, async (em) => addEvent(em, context.actor!, viewerOf(context), await visibleScheduleId(context, input.scheduleId, ['input', 'scheduleId']), eventFields(input))),
    updateScheduleEvent: (_, { input }, context) =>
      eventPayload(context, async (em) => updateEvent(em, context.actor!, viewerOf(context), await visibleEventId(context, input.id), eventFields(input))),
    cancelScheduleEvent: (_, { input }, context) =>
      eventPayload(context, async (em) => ({ event: await cancelEvent(em, context.actor!, viewerOf(context), await visibleEventId(context, input.id)) })),
    respondToEvent: (_, { input }, context) =>
      eventPayload(context, async (em) => ({
        event: await respondToEvent(em, context.actor!, {
          id: await visibleEventId(context, input.id),
          response: input.response,
          substituteId: optionalIdOf(input.substituteId, 'Account', ['input', 'substituteId']),
        }),
      })),
    planMeetingInvitation: async (_, { input }, context) => {
      const outcome = await mutate(context, async (em, actor) => {
        const plan = await planInvitation(em, actor, viewerOf(context), {
          documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
          scheduleId: optionalIdOf(input.scheduleId, 'Schedule', ['input', 'scheduleId']),
          eventId: optionalIdOf(input.eventId, 'ScheduleEvent', ['input', 'eventId']),
          fields: eventFields(input),
        });
        return { documentId: plan.document.id, scheduleId: plan.schedule.id };
      });
      if (!('documentId' in outcome)) return { document: null, schedule: null, userErrors: outcome.userErrors };
      return { document: await context.loaders.document.load(outcome.documentId), schedule: await context.loaders.schedule.load(outcome.scheduleId), userErrors: [] };
    },
    createMeetingRoom: async (_, { input }, context) => {
      const outcome = await mutate(context, async (em, actor) => ({ room: await createMeetingRoom(em, actor, input) }));
      return 'room' in outcome ? outcome : { room: null, userErrors: outcome.userErrors };
    },
    rotateCalendarFeed: async (_, { input }, context) => {
      const outcome = await mutate(context, async (em, actor) => ({ path: await rotateFeed(em, actor, viewerOf(context), optionalIdOf(input.unitId, 'Unit', ['input', 'unitId'])) }));
      return 'path' in outcome ? outcome : { path: null, userErrors: outcome.userErrors };
    },
  },
  Subscription: {
    scheduleChanged: {
      subscribe: async (_, { scheduleId }, context) => {
        const schedule = optionalIdOf(scheduleId, 'Schedule', ['scheduleId']);
        if (schedule && !(await context.loaders.schedule.load(schedule))) throw notFound();
        return recordStream(context, scheduleEventRecordKind, {
          accept: (event, record, viewer) =>
            SCHEDULE_CHANGE_ACTIONS.includes(event.action) && record.published && (schedule ? record.schedule.id === schedule : concerns(viewer, record)),
        }) as never;
      },
      resolve: (event: ScheduleEventEntity) => event,
    },
  },
  Schedule: {
    id: (schedule) => toGlobalId('Schedule', schedule.id),
    unit: (schedule, _, context) => (schedule.unit ? context.loaders.unit.load(schedule.unit.id) : null),
    createdBy: (schedule, _, context) => context.loaders.account.load(schedule.createdBy.id),
    publishedBy: (schedule, _, context) => (schedule.publishedBy ? context.loaders.account.load(schedule.publishedBy.id) : null),
    publishedAt: (schedule) => schedule.publishedAt ?? null,
    events: (schedule, _, context) => context.loaders.eventsOfSchedule.load(schedule.id),
    eventCount: async (schedule, _, context) => (await context.loaders.eventsOfSchedule.load(schedule.id)).length,
    changes: async (schedule, _, context) => {
      const [changes, events] = await Promise.all([context.loaders.changesOfSchedule.load(schedule.id), context.loaders.eventsOfSchedule.load(schedule.id)]);
      const seen = new Set(events.map((event) => event.id));
      return changes.filter((change) => seen.has(change.event.id));
    },
    deadlines: async (schedule, _, context) =>
      Promise.all(
        (await context.loaders.scheduleDeadlines.load(schedule)).map(async (row) => ({
          ...row,
          title: row.task ? await taskTitleAsSeen(context, row.task) : `Hạn xử lý ${documentNameFor(viewerOf(context), row.assignment.document.getEntity()) ?? 'văn bản được giao'}`,
        })),
      ),
    viewerCanEdit: (schedule, _, context) => draftsScope(viewerOf(context), schedule.unit?.id ?? null),
    viewerCanPublish: async (schedule, _, context) => publishesScope(viewerOf(context), schedule.unit?.id ?? null, await chiefOfOffice(context)),
    printPath: (schedule) => printPath(schedule.id),
  },
  ScheduleDeadline: {
    task: (row) => row.task ?? null,
    assignment: (row) => row.assignment ?? null,
  },
  MeetingRoom: {
    id: (room) => toGlobalId('MeetingRoom', room.id),
  },
  ScheduleEvent: {
    id: (event) => toGlobalId('ScheduleEvent', event.id),
    schedule: (event, _, context) => context.loaders.schedule.load(event.schedule.id),
    busyOnly: (event, _, context) => !seesDetails(viewerOf(context), event),
    title: (event, _, context) => detail(context, event, () => event.title, BUSY),
    place: (event, _, context) => detail(context, event, () => event.place ?? null, null),
    room: (event, _, context) => detail(context, event, () => (event.room ? context.loaders.meetingRoom.load(event.room.id) : null), null),
    chair: (event, _, context) => detail(context, event, () => (event.chair ? context.loaders.account.load(event.chair.id) : null), null),
    preparingUnit: (event, _, context) => detail(context, event, () => (event.preparingUnit ? context.loaders.unit.load(event.preparingUnit.id) : null), null),
    participants: (event, _, context) => detail(context, event, () => context.loaders.participantsOf.load(event.id), []),
    // Each paper under its own rules: one the viewer may not see is not there for them.
    documents: (event, _, context) =>
      detail(context, event, async () => (await Promise.all(event.documentIds.map((id) => context.loaders.document.load(id)))).filter((document) => document !== null), []),
    invitation: (event, _, context) => detail(context, event, () => (event.invitation ? context.loaders.document.load(event.invitation.id) : null), null),
    notes: (event, _, context) => detail(context, event, () => event.notes ?? null, null),
    cancelledAt: (event) => event.cancelledAt ?? null,
    changes: (event, _, context) => detail(context, event, () => context.loaders.changesOfEvent.load(event.id), []),
    viewerResponse: async (event, _, context) => {
      const rows = await context.loaders.participantsOf.load(event.id);
      return rows.find((row) => row.account?.id === viewerOf(context).accountId)?.response ?? null;
    },
  },
  EventParticipant: {
    account: (row, _, context) => (row.account ? context.loaders.account.load(row.account.id) : null),
    unit: (row, _, context) => (row.unit ? context.loaders.unit.load(row.unit.id) : null),
    substitute: (row, _, context) => (row.substitute ? context.loaders.account.load(row.substitute.id) : null),
    respondedAt: (row) => row.respondedAt ?? null,
  },
  ScheduleChange: {
    by: (change, _, context) => (change.by ? context.loaders.account.load(change.by.id) : null),
    event: (change, _, context) => context.loaders.scheduleEvent.load(change.event.id),
  },
  ScheduleWarning: {
    account: (warning, _, context) => (warning.accountId ? context.loaders.account.load(warning.accountId) : null),
  },
};
