import type { WorkFileEntity } from './work-file.ts';
import type { Viewer } from '../../core/viewer.ts';
import { handledPolicy, oversees } from '../../core/handled.ts';
import type { Ability } from '../../core/ability.ts';

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

/** Changing a file's metadata or contents: its creator, while it is open (`viewerCanEdit`, every change). */
export const editWorkFile: Ability<WorkFileEntity> = [
  { holds: (viewer, file) => file.creator.id === viewer.accountId, code: 'NOT_ALLOWED', message: 'Chỉ người lập hồ sơ được thay đổi hồ sơ.' },
  { holds: (_, file) => file.status === 'OPEN', code: 'INVALID_STATE', message: 'Hồ sơ đã đóng: chỉ được xem.', onRecord: true },
];

/** Reopening a closed file: a head of the creator's unit (or above) or a leader (`viewerCanReopen`, reopenWorkFile). */
export const reopenWorkFileAbility: Ability<WorkFileEntity> = [
  { holds: overseesWorkFile, code: 'NOT_ALLOWED', message: 'Chỉ lãnh đạo đơn vị của người lập hồ sơ hoặc lãnh đạo cơ quan được mở lại hồ sơ.' },
  { holds: (_, file) => file.status === 'CLOSED', code: 'INVALID_STATE', message: 'Hồ sơ đang mở.', onRecord: true },
];
