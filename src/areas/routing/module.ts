import { sdlOf, type AreaModule } from '../../core/module.ts';
import { Assignment, Direction } from './assignment.ts';
import { routingResolvers } from './resolvers.ts';
import { routingLoaders } from './loaders.ts';
import { assignmentRecordKind } from './record-kind.ts';
import { replyIssued } from './reply-tracking.ts';
import { onDocumentIssued } from '../documents/public.ts';
import { onDirectoryChange } from '../accounts/public.ts';
import { reject } from '../../core/user-error.ts';
import { sweepDeadlines } from './deadline-sweep.ts';

// An issued reply ends the tracking of what it answers, in the transaction of the issue.
onDocumentIssued(replyIssued);

// A unit is not dissolved while it still carries open assignments: they are passed on first.
onDirectoryChange(async (em, change) => {
  if (change.kind !== 'unit.dissolved') return;
  const open = await em.count(Assignment, { assigneeUnit: change.unitId, doneAt: null });
  if (open > 0) reject(['input', 'id'], 'UNIT_HAS_OPEN_WORK', `Đơn vị còn ${open} văn bản được giao chưa xử lý xong; hãy chuyển giao trước khi giải thể.`);
});

/** Leaders' directions, assignments with deadlines, my work and the handling report. */
export const routingModule: AreaModule = {
  name: 'routing',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [routingResolvers],
  entities: [Direction, Assignment],
  tenantEntities: [Direction, Assignment],
  loaders: routingLoaders,
  nodes: { Assignment: { loader: (loaders) => loaders.assignment } },
  recordKinds: [assignmentRecordKind as never],
  // Reminders before deadlines and notices of lateness; exactly once even with two sweeps at once,
  // since the sweep claims each item with a conditional UPDATE (deadline-sweep.ts).
  jobs: [{ queue: 'deadline-sweep', cron: '* * * * *', cronVariable: 'JOBS_SWEEP_CRON', retryDelaySeconds: 10, expireInSeconds: 300, run: ({ orm }) => sweepDeadlines(orm) }],
};
