import { carries } from '../../core/carrier.ts';
import { namedRecordId } from '../../core/named.ts';
import { GraphQLError } from 'graphql';
import { assignmentPolicy } from './assignment-policy.ts';
import { canReadContent, documentPolicy, type DocumentEntity } from '../documents/public.ts';
import { oversees } from '../../core/handled.ts';
import { hasOwnRole } from '../../core/viewer.ts';
import { unitsAndDescendants } from '../accounts/public.ts';
import { processingSlipOf } from './processing-slip.ts';
import { replyStatusOf } from './reply-tracking.ts';
import { Assignment, type AssignmentEntity, type DirectionEntity } from './assignment.ts';
import { ASSIGNMENT_ROLES, assignmentStatus, handledOnTime, isAssignmentOverdue } from './assignment-rules.ts';
import { completeAssignment, directDocument, passOnAssignment, readAssignment, type AssigneeInput } from './direction-service.ts';
import { handlingReport } from './handling-report.ts';
import { assignedBy, assignmentCounts, unitWork, waitingFor } from './my-work.ts';
import { Task, OPEN_TASKS, taskWhere } from '../tasks/public.ts';
import type { AssigneeInput as AssigneeArgs, Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { recordStream } from '../../core/record-stream.ts';
import { assignmentRecordKind } from './record-kind.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import type { ProcessingSlipModel } from './models.ts';
import { mutate, createOnce } from '../../core/mutate.ts';

/** Directions, assignments and the processing slip; "my work" and the handling report. */
function assignees(list: readonly AssigneeArgs[]): AssigneeInput[] {
  return list.map((a, index) => ({
    role: a.role,
    deadline: a.deadline ?? null,
    withinWorkingHours: a.withinWorkingHours ?? null,
    withinWorkingDays: a.withinWorkingDays ?? null,
    accountId: optionalIdOf(a.accountId, 'Account', ['input', 'assignees', String(index), 'accountId']),
    unitId: optionalIdOf(a.unitId, 'Unit', ['input', 'assignees', String(index), 'unitId']),
  }));
}

/** An assignment the viewer may not see is answered as a missing one, before any rule is checked. */
function visibleAssignmentId(context: Context, globalId: string): Promise<string> {
  return namedRecordId(context.loaders.assignment, globalId, 'Assignment', ['input', 'id'], 'Việc được giao không tồn tại.');
}

/** The assignment a head's direction passed on (typed by hand: the entity refers to itself through Assignment). */
function fromAssignmentId(direction: DirectionEntity): string | null {
  return (direction.fromAssignment as { id: string } | null | undefined)?.id ?? null;
}


/** The units whose work a viewer oversees: all (null) for leaders and clerks, else the units they head and below. */
async function overseenUnits(context: Context, clerksToo: boolean): Promise<readonly string[] | null> {
  const viewer = viewerOf(context);
  if (oversees(viewer) || (clerksToo && hasOwnRole(viewer, 'CLERK'))) return null;
  return (await unitsAndDescendants(context.em, viewer.headOfUnitIds, viewer.organisationId)).ids;
}

async function processingSlip(context: Context, document: DocumentEntity): Promise<ProcessingSlipModel | null> {
  if (document.direction !== 'INCOMING' || !canReadContent(viewerOf(context), document)) return null;
  const [directions, assignments, calendar] = await Promise.all([
    context.loaders.documentDirections.load(document.id),
    context.loaders.documentAssignments.load(document.id),
    context.loaders.calendar.load(document.organisation.id),
  ]);
  return processingSlipOf(document, directions, assignments, calendar);
}

export const routingResolvers: Resolvers = {
  Query: {
    myWork: () => ({}),
    handlingReport: async (_, { from, to }, context) => {
      if (from > to) throw new GraphQLError('Từ ngày phải không muộn hơn đến ngày.', { extensions: { code: 'BAD_USER_INPUT', argument: 'from' } });
      const viewer = viewerOf(context);
      // Leaders see every registered document; everyone else counts only what they may see.
      const documents = oversees(viewer) ? null : documentPolicy.visible(viewer);
      return handlingReport(context.em, viewer.organisationId, { from, to }, await overseenUnits(context, true), documents, new Date());
    },
  },
  MyWork: {
    counts: async (_, __, context) => {
      const worker = viewerOf(context);
      const now = new Date();
      const carried = taskWhere(viewerOf(context), { relation: 'CARRIED_BY_ME' });
      const [assignments, tasks, tasksOverdue] = await Promise.all([
        assignmentCounts(context.em, assignmentPolicy.visible(viewerOf(context)), worker, now),
        context.em.count(Task, { $and: [carried, OPEN_TASKS] } as never),
        context.em.count(Task, taskWhere(viewerOf(context), { relation: 'CARRIED_BY_ME', overdueOnly: true }) as never),
      ]);
      return { ...assignments, tasks, tasksOverdue };
    },
    waiting: (_, args, context, info) => {
      const where = [assignmentPolicy.visible(viewerOf(context)), waitingFor(viewerOf(context))];
      if (args.overdueOnly) where.push({ deadline: { $lt: new Date() } });
      return paginate(context.em, Assignment, { $and: where } as never, { receivedAt: 'desc', id: 'desc' }, args, info);
    },
    assignedByMe: (_, args, context, info) =>
      paginate(
        context.em,
        Assignment,
        { $and: [assignmentPolicy.visible(viewerOf(context)), assignedBy(viewerOf(context), args.openOnly ?? true)] } as never,
        { receivedAt: 'desc', id: 'desc' },
        args,
        info,
      ),
    units: async (_, __, context) => {
      const units = await overseenUnits(context, false);
      return unitWork(context.em, viewerOf(context).organisationId, units, new Date());
    },
  },
  UnitWork: {
    unit: async (row, _, context) => (await context.loaders.unit.load(row.unitId))!,
  },
  HandlingReportLine: {
    account: (line, _, context) => (line.accountId ? context.loaders.account.load(line.accountId) : null),
    unit: (line, _, context) => (line.unitId ? context.loaders.unit.load(line.unitId) : null),
  },
  Mutation: {
    directDocument: (_, { input }, context) =>
      createOnce(context, 'directDocument', input.idempotencyKey, 'direction', context.loaders.direction, async (em, actor) =>
        directDocument(em, actor, {
          documentId: idOf(input.documentId, 'Document', ['input', 'documentId']),
          note: input.note,
          assignees: assignees(input.assignees),
          trackAsTask: input.trackAsTask,
        }),
      ),
    passOnAssignment: (_, { input }, context) =>
      createOnce(context, 'passOnAssignment', input.idempotencyKey, 'direction', context.loaders.direction, async (em, actor) =>
        passOnAssignment(
          em,
          actor,
          { id: await visibleAssignmentId(context, input.id), note: input.note, assignees: assignees(input.assignees) },
          viewerOf(context),
        ),
      ),
    markAssignmentRead: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        assignment: await readAssignment(em, actor, await visibleAssignmentId(context, input.id), viewerOf(context)),
      })),
    completeAssignment: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        assignment: await completeAssignment(em, actor, { id: await visibleAssignmentId(context, input.id), result: input.result }, viewerOf(context)),
      })),
  },
  Subscription: {
    assignmentReceived: {
      subscribe: (_, __, context) =>
        recordStream(context, assignmentRecordKind, {
          accept: (event, assignment, viewer) => event.action === 'assignment.received' && carries(viewer, assignment),
        }) as never,
      resolve: (assignment: AssignmentEntity) => assignment,
    },
  },
  Document: {
    deliveries: (document, _, context) =>
      document.direction === 'OUTGOING' && canReadContent(viewerOf(context), document) ? context.loaders.documentDeliveries.load(document.id) : [],
    processingSlip: (document, _, context) => processingSlip(context, document),
    replyStatus: (document) => replyStatusOf(document, new Date()),
  },
  Assignment: {
    id: (assignment) => toGlobalId('Assignment', assignment.id),
    document: (assignment, _, context) => context.loaders.document.load(assignment.document.id),
    direction: async (assignment, _, context) =>
      (await context.loaders.documentDirections.load(assignment.document.id)).find((direction) => direction.id === assignment.direction.id)!,
    assignedBy: (assignment, _, context) => context.loaders.account.load(assignment.assignedBy.id),
    assigneeAccount: (assignment, _, context) => (assignment.assigneeAccount ? context.loaders.account.load(assignment.assigneeAccount.id) : null),
    assigneeUnit: (assignment, _, context) => (assignment.assigneeUnit ? context.loaders.unit.load(assignment.assigneeUnit.id) : null),
    deadline: (assignment) => assignment.deadline ?? null,
    status: (assignment) => assignmentStatus(assignment),
    overdue: (assignment) => isAssignmentOverdue(assignment, new Date()),
    handledOnTime: (assignment) => handledOnTime(assignment),
    readAt: (assignment) => assignment.readAt ?? null,
    doneAt: (assignment) => assignment.doneAt ?? null,
    doneBy: (assignment, _, context) => (assignment.doneBy ? context.loaders.account.load(assignment.doneBy.id) : null),
    result: (assignment) => assignment.result ?? null,
    passedOn: async (assignment, _, context) =>
      (await context.loaders.documentDirections.load(assignment.document.id)).filter((direction) => fromAssignmentId(direction) === assignment.id),
  },
  Direction: {
    author: (direction, _, context) => context.loaders.account.load(direction.author.id),
    onBehalfOf: (direction, _, context) => (direction.onBehalfOf ? context.loaders.account.load(direction.onBehalfOf.id) : null),
    fromAssignment: (direction, _, context) => (fromAssignmentId(direction) ? context.loaders.assignment.load(fromAssignmentId(direction)!) : null),
    // As a slip lists them: the lead, then the coordinating, then those informed.
    assignments: async (direction, _, context) =>
      (await context.loaders.documentAssignments.load(direction.document.id))
        .filter((assignment) => assignment.direction.id === direction.id)
        .sort((a, b) => ASSIGNMENT_ROLES.indexOf(a.role) - ASSIGNMENT_ROLES.indexOf(b.role)),
  },
};
