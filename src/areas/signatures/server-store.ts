import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '../../core/blob-store.ts';
import type { AreaListener } from '../../core/module.ts';

/**
 * The blob store of the server an EntityManager belongs to, for the two places that verify a
 * stored file's bytes but are handed no store: the `verifySignatures` query and the hook run when
 * files come into an incoming document. The server hands its store to listeners, so one listener
 * keeps it here, keyed by the ORM's configuration (shared by every fork; two servers in one process
 * keep two). Without a server (a script), there is none: the check then waits for the sweep job.
 */
const stores = new WeakMap<object, BlobStore>();

export const serverStoreListener: AreaListener = {
  name: 'signatures.server-store',
  async start({ orm, store }) {
    stores.set(orm.config, store);
    return { stop: async () => void stores.delete(orm.config) };
  },
};

export function serverStoreOf(em: EntityManager): BlobStore | null {
  return stores.get(em.config) ?? null;
}
