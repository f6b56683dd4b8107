import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditActs } from '../../core/audit/trail.ts';
import { FolderChangeRequest } from './folder.ts';

/** The pending requests on items gone to the trash: nothing is left to apply them to. */
export async function cancelPendingRequests(em: EntityManager, actor: Actor, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const pending = await em.find(FolderChangeRequest, { item: { $in: [...itemIds] }, status: 'PENDING' });
  for (const request of pending) request.status = 'CANCELLED';
  await em.flush();
  if (pending.length > 0) {
    await auditActs(em, actor, pending.map((request) => ({ action: 'folder_item.change_cancelled', target: { type: 'FolderItem', id: request.item.id }, details: { requestId: request.id } })));
  }
}
