import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { Account } from '../accounts/public.ts';
import { StoredFile, type StoredFileEntity } from '../files/public.ts';
import { folderItemPolicy, folderPolicy, changeRequestPolicy } from './folder-policy.ts';
import {
  Folder,
  FolderChangeRequest,
  FolderGrant,
  FolderItem,
  FolderItemVersion,
  FolderNotice,
  type FolderChangeRequestEntity,
  type FolderEntity,
  type FolderGrantEntity,
  type FolderItemEntity,
  type FolderItemVersionEntity,
  type FolderNoticeEntity,
} from './folder.ts';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = key(row);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/** Rows of the caller's already-checked parents, in one query for any number of them. */
function byParent<E extends object>(read: (scope: Scope, ids: string[]) => Promise<E[]>, key: (row: E) => string) {
  return (scope: Scope) =>
    new DataLoader<string, E[]>(async (ids) => {
      const groups = groupBy(await read(scope, [...ids]), key);
      return ids.map((id) => groups.get(id) ?? []);
    });
}

export const folderLoaders = {
  folder: visibleById<FolderEntity>(Folder, folderPolicy),
  /** Items by id through their rule, always in SQL: a link's rule reads the record it links to. */
  folderItem: ({ em, viewer }: Scope) =>
    new DataLoader<string, FolderItemEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const rows = await em.find(FolderItem, { $and: [{ id: { $in: [...ids] } }, folderItemPolicy.visible(viewer)] });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  folderChangeRequest: visibleById<FolderChangeRequestEntity>(FolderChangeRequest, changeRequestPolicy),
  /** A grant, seen by whoever sees the folder or item it is on. */
  folderGrant: ({ em, viewer }: Scope) =>
    new DataLoader<string, FolderGrantEntity | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      const grants = await em.find(FolderGrant, {
        $and: [{ id: { $in: [...ids] } }, { $or: [{ folder: folderPolicy.visible(viewer) }, { item: folderItemPolicy.visible(viewer) }] }],
      } as never);
      const byId = new Map(grants.map((grant) => [grant.id, grant]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  /** The own grants of each folder or item (already checked by the caller), oldest first. */
  folderGrantsOf: byParent<FolderGrantEntity>(
    ({ em }, ids) => em.find(FolderGrant, { targetId: { $in: ids } }, { orderBy: { builtIn: 'desc', grantedAt: 'asc', id: 'asc' } }),
    (grant) => grant.targetId,
  ),
  /** Versions of each item, newest first, with their files. */
  folderItemVersions: byParent<FolderItemVersionEntity>(
    ({ em }, ids) => em.find(FolderItemVersion, { item: { $in: ids } }, { orderBy: { version: 'desc' }, populate: ['file'] }),
    (version) => version.item.id,
  ),
  /** Stored files of items and requests the caller has checked. */
  folderFile: ({ em }: Scope) =>
    new DataLoader<string, StoredFileEntity | null>(async (ids) => {
      const files = await em.find(StoredFile, { id: { $in: [...ids] } });
      const byId = new Map(files.map((file) => [file.id, file]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  /** The change requests on each item that the viewer may see, newest first. */
  itemChangeRequests: byParent<FolderChangeRequestEntity>(
    ({ em, viewer }, ids) =>
      viewer ? em.find(FolderChangeRequest, { $and: [{ item: { $in: ids } }, changeRequestPolicy.visible(viewer)] }, { orderBy: { createdAt: 'desc', id: 'desc' } }) : Promise.resolve([]),
    (request) => request.item.id,
  ),
  /** Whether each account is disabled (who answers a request depends on it; the account itself may be hidden). */
  accountStatus: ({ em }: Scope) =>
    new DataLoader<string, string | null>(async (ids) => {
      const accounts = await em.find(Account, { id: { $in: [...ids] } }, { fields: ['status'] });
      const byId = new Map(accounts.map((account) => [account.id, account.status as string]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  /** What each cabinet notice is about. */
  folderNoticeOf: ({ em }: Scope) =>
    new DataLoader<string, FolderNoticeEntity | null>(async (ids) => {
      const rows = await em.find(FolderNotice, { notice: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.notice.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof folderLoaders> {}
}
