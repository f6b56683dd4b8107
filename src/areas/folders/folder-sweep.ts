import type { MikroORM } from '@mikro-orm/postgresql';
import { expireRequests } from './consent-service.ts';
import { purgeTrash, type BlobRemover } from './trash.ts';

/**
 * The cabinet's background work (src/server/jobs.ts runs it): change requests past their expiry
 * are marked EXPIRED and their requesters told; what has been in the trash 30 days is purged, and
 * bytes nothing refers to any more are removed. Safe with several instances (claims by
 * conditional UPDATE, locks per hash).
 */
export async function sweepFolders(orm: MikroORM, blobs: BlobRemover, now = new Date()): Promise<{ expired: number; purged: number; blobsRemoved: number }> {
  const expired = await orm.em.fork({ clear: true }).transactional((em) => expireRequests(em, now));
  const { purged, blobsRemoved } = await purgeTrash(orm, blobs, now);
  return { expired, purged, blobsRemoved };
}
