import type { TaskEntity } from './task.ts';
import { type DocumentEntity, canReadContent, documentPolicy, numberNotationOf } from '../documents/public.ts';
import { handledPolicy } from '../../core/handled.ts';
import type { Viewer } from '../../core/viewer.ts';

/** A task is seen by who assigned it, who carries it, the heads of its unit and above, and the leaders. */
export const taskPolicy = handledPolicy<TaskEntity>();

/**
 * A task tracking a document (trackAsTask) carries the document's subject as its title and the
 * direction's note as its description: text copied from the document, so sealed with it — read
 * only by who may read the document's content now (`source`: the document as the viewer may see
 * it, null when they may not or it was recalled). Anyone else who sees the task reads a title
 * naming the document by its number if they see its entry, and no description.
 */
export function mayReadCopiedText(viewer: Viewer, task: TaskEntity, source: DocumentEntity | null): boolean {
  return !task.copiedFromSource || (source !== null && documentPolicy.canSee(viewer, source) && canReadContent(viewer, source));
}

export function taskTitleFor(viewer: Viewer, task: TaskEntity, source: DocumentEntity | null): string {
  if (mayReadCopiedText(viewer, task, source)) return task.title;
  const numberNotation = source && documentPolicy.canSee(viewer, source) ? numberNotationOf(source) : null;
  return numberNotation ? `Theo dõi xử lý văn bản số ${numberNotation}` : 'Theo dõi xử lý văn bản';
}

export function taskDescriptionFor(viewer: Viewer, task: TaskEntity, source: DocumentEntity | null): string | null {
  return mayReadCopiedText(viewer, task, source) ? (task.description ?? null) : null;
}
