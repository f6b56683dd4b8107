import type { WorkFileAccess } from './work-file-service.ts';
import type { WorkFileEntity } from './work-file.ts';
import type { Viewer } from '../../core/viewer.ts';
import { handledPolicy, oversees } from '../../core/handled.ts';

/**
 * A work file is seen by its creator, the people the creator shares it with, the heads of the
 * creator's unit and the units above, and the leaders. Its documents are each seen under their own
 * rule (document-policy.ts): seeing a file never shows a document one could not see anyway.
 */
export const workFilePolicy = handledPolicy<WorkFileEntity>();

/** Whether the viewer stands over the file's creator: a head of the creator's unit or a unit above, or a leader. */
export function overseesWorkFile(viewer: Viewer, file: WorkFileEntity): boolean {
  return oversees(viewer) || viewer.headOfUnitIds.some((unitId) => file.handlerUnitIds.includes(unitId));
}

/** The viewer's rights, as the work-file rules (src/domain/workfiles) ask for them. */
export function workFileAccessFor(viewer: Viewer): WorkFileAccess {
  return {
    files: workFilePolicy.visible(viewer),
    oversees: (file) => overseesWorkFile(viewer, file),
  };
}
