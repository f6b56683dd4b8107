import type { EntityManager } from '@mikro-orm/postgresql';
import { sendSystemNotice, type NoticeKind } from '../notices/public.ts';
import { FolderNotice } from './folder.ts';

/**
 * A cabinet notice (seed 002 Art. 9-10): to people given a right, authors asked for consent,
 * requesters answered. It names the folder, item or request it is about; each recipient reads
 * those through their own rights (a notice never shows more than they may see).
 */
export async function notifyCabinet(
  em: EntityManager,
  organisationId: string,
  notice: { kind: Extract<NoticeKind, 'FOLDER_SHARED' | 'CHANGE_REQUESTED' | 'CHANGE_ANSWERED' | 'CHANGE_EXPIRED'>; text: string; recipients: readonly string[] },
  about: { folderId?: string | null; itemId?: string | null; requestId?: string | null },
): Promise<void> {
  const noticeId = await sendSystemNotice(em, organisationId, { kind: notice.kind, text: notice.text, recipients: notice.recipients });
  if (!noticeId) return;
  em.create(FolderNotice, { notice: noticeId, organisation: organisationId, folder: about.folderId ?? null, item: about.itemId ?? null, request: about.requestId ?? null });
  await em.flush();
}
