import { viewerOf, type Context } from '../../core/context.ts';
import { taskDescriptionFor, taskTitleFor } from './task-policy.ts';
import type { TaskEntity } from './task.ts';

/** The task's source document as the viewer may see it (null when they may not, or it was recalled). */
function sourceOf(context: Context, task: TaskEntity) {
  return task.sourceDocument ? context.loaders.document.load(task.sourceDocument.id) : null;
}

/** The task's title as the one asking may read it now: wherever it is shown (the task, a reminder). */
export async function taskTitleAsSeen(context: Context, task: TaskEntity): Promise<string> {
  return taskTitleFor(viewerOf(context), task, await sourceOf(context, task));
}

export async function taskDescriptionAsSeen(context: Context, task: TaskEntity): Promise<string | null> {
  return taskDescriptionFor(viewerOf(context), task, await sourceOf(context, task));
}
