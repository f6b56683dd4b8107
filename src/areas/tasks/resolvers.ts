import { carries } from '../../core/carrier.ts';
import { taskWhere } from './task-filter.ts';
import { namedRecordId } from '../../core/named.ts';
import { taskDescriptionAsSeen, taskTitleAsSeen } from './task-text.ts';
import { authorityFor } from '../../core/viewer.ts';
import { isOverdue } from './task-states.ts';
import { assignTask, cancelTask, closeTask, reportProgress } from './task-service.ts';
import { Task, type TaskEntity } from './task.ts';
import { taskRecordKind } from './record-kind.ts';
import { recordStream } from '../../core/record-stream.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, mutateOnce, payloadOf, createOnce } from '../../core/mutate.ts';

const can = (context: Context) => (roles: Parameters<typeof authorityFor>[1]) => authorityFor(viewerOf(context), roles).allowed;

export const taskResolvers: Resolvers = {
  Query: {
    tasks: (_, args, context, info) => paginate(context.em, Task, taskWhere(viewerOf(context), args.filter) as never, { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    assignTask: (_, { input }, context) =>
      createOnce(context, 'assignTask', input.idempotencyKey, 'task', context.loaders.task, async (em, actor) =>
        assignTask(
          em,
          actor,
          {
            ...input,
            assigneeAccountId: optionalIdOf(input.assigneeAccountId, 'Account', ['input', 'assigneeAccountId']),
            assigneeUnitId: optionalIdOf(input.assigneeUnitId, 'Unit', ['input', 'assigneeUnitId']),
            sourceDocumentId: optionalIdOf(input.sourceDocumentId, 'Document', ['input', 'sourceDocumentId']),
          },
          viewerOf(context),
        ),
      ),
    reportTaskProgress: (_, { input }, context) =>
      mutateOnce(
        context,
        'reportTaskProgress',
        input.idempotencyKey,
        async (em, actor) => {
          const task = await reportProgress(em, actor, { id: await visibleTaskId(context, input.id), percent: input.percent, note: input.note }, viewerOf(context));
          return { id: task.id, result: { task } };
        },
        // The report is the task's; a retry answers the task as the caller may read it now, with one report.
        async (id) => payloadOf('task', await context.loaders.task.load(id)),
      ),
    closeTask: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        task: await closeTask(
          em,
          actor,
          { id: await visibleTaskId(context, input.id), documentId: optionalIdOf(input.documentId, 'Document', ['input', 'documentId']) },
          viewerOf(context),
          can(context),
        ),
      })),
    cancelTask: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ task: await cancelTask(em, actor, { ...input, id: await visibleTaskId(context, input.id) }, can(context)) })),
  },
  Subscription: {
    taskAssigned: {
      subscribe: (_, __, context) =>
        recordStream(context, taskRecordKind, {
          accept: (event, task, viewer) => event.action === 'task.assigned' && carries(viewer, task),
        }) as never,
      resolve: (task: TaskEntity) => task,
    },
    taskChanged: {
      subscribe: (_, { id }, context) =>
        recordStream(context, taskRecordKind, { id: optionalIdOf(id, 'Task', ['id']) }) as never,
      resolve: (task: TaskEntity) => task,
    },
  },
  Task: {
    id: (task) => toGlobalId('Task', task.id),
    // Text copied from the source document is read under its rules, now (task-policy.ts).
    title: (task, _, context) => taskTitleAsSeen(context, task),
    description: (task, _, context) => taskDescriptionAsSeen(context, task),
    assignedBy: (task, _, context) => context.loaders.account.load(task.assignedBy.id),
    onBehalfOf: (task, _, context) => (task.onBehalfOf ? context.loaders.account.load(task.onBehalfOf.id) : null),
    assigneeAccount: (task, _, context) => (task.assigneeAccount ? context.loaders.account.load(task.assigneeAccount.id) : null),
    assigneeUnit: (task, _, context) => (task.assigneeUnit ? context.loaders.unit.load(task.assigneeUnit.id) : null),
    overdue: (task) => isOverdue(task, new Date()),
    sourceDocument: (task, _, context) => (task.sourceDocument ? context.loaders.document.load(task.sourceDocument.id) : null),
    fulfilledBy: (task, _, context) => (task.fulfilledBy ? context.loaders.document.load(task.fulfilledBy.id) : null),
    cancelReason: (task) => task.cancelReason ?? null,
    progressReports: (task, _, context) => context.loaders.taskReports.load(task.id),
    closedAt: (task) => task.closedAt ?? null,
  },
  TaskProgressReport: {
    author: (report, _, context) => context.loaders.account.load(report.author.id),
  },
};

/** A task the viewer may not see is answered as a missing one, before any rule is checked. */
function visibleTaskId(context: Context, globalId: string): Promise<string> {
  return namedRecordId(context.loaders.task, globalId, 'Task', ['input', 'id'], 'Nhiệm vụ không tồn tại.');
}
