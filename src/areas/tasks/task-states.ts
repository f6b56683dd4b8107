/**
 * The life of a task (theo dõi nhiệm vụ; seed 004 Art. 7 §3): assigned, in progress once the
 * assignee reports, done only when the document that fulfils it is issued and linked, or cancelled
 * by whoever assigned it. Done and cancelled are final. Overdue is not a state: it is a task not
 * finished by its deadline.
 */
export const TASK_STATUSES = ['ASSIGNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Still to be carried: reminded, chased and counted as work. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['ASSIGNED', 'IN_PROGRESS'];

export const TASK_ACTIONS = ['REPORT_PROGRESS', 'CLOSE', 'CANCEL'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export function nextTaskStatus(from: TaskStatus, action: TaskAction): TaskStatus | null {
  const open = from === 'ASSIGNED' || from === 'IN_PROGRESS';
  if (!open) return null;
  switch (action) {
    case 'REPORT_PROGRESS':
      return 'IN_PROGRESS';
    case 'CLOSE':
      return 'DONE';
    case 'CANCEL':
      return 'CANCELLED';
  }
}

export function isOverdue(task: { status: string; deadline: Date }, now: Date): boolean {
  return OPEN_TASK_STATUSES.includes(task.status as TaskStatus) && task.deadline < now;
}
