import type { EntityManager } from '@mikro-orm/postgresql';
import type { Refusal } from '../../core/ability.ts';
import { lockWorkFilesWhen } from '../workfiles/public.ts';
import { ArchiveRecord, HandOverItem } from './archive.ts';

/**
 * The archive's say over work files (asked by every change workfiles makes to a file or its
 * contents): an accepted file is the archive's and changes no more; one on a hand-over list is not
 * reopened until its maker takes it off the list.
 */
async function archiveLock(em: EntityManager, workFileId: string): Promise<Refusal | null> {
  if (await em.findOne(ArchiveRecord, { workFile: workFileId }, { fields: ['id'] })) {
    return { code: 'INVALID_STATE', message: 'Hồ sơ đã nộp lưu vào lưu trữ cơ quan: chỉ được xem, không ai được thay đổi.' };
  }
  if (await em.findOne(HandOverItem, { workFile: workFileId }, { fields: ['id'] })) {
    return { code: 'INVALID_STATE', message: 'Hồ sơ đang có trong mục lục hồ sơ nộp lưu: bỏ hồ sơ khỏi mục lục trước khi thay đổi.' };
  }
  return null;
}

lockWorkFilesWhen(archiveLock);
