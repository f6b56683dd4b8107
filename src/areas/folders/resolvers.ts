import type { FilterQuery } from '@mikro-orm/core';
import { paginate, type Connection } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, createOnce } from '../../core/mutate.ts';
import { NOTHING } from '../../core/policy.ts';
import { recordStream } from '../../core/record-stream.ts';
import { downloadUrl } from '../files/public.ts';
import type { FolderChangeRequestFilter, FolderGranteeInput, Resolvers } from '../../generated/graphql.ts';
import { everyoneLevel, granteeOf, levelOn } from './access.ts';
import { answerRequest, partyOf, requestChange, withdrawRequest } from './consent-service.ts';
import { consentMove } from './consent-states.ts';
import { Folder, FolderChangeRequest, FolderItem, FolderRightChange, type FolderChangeRequestEntity, type FolderEntity, type FolderItemEntity } from './folder.ts';
import { changeRequestPolicy, folderItemPolicy, folderPolicy } from './folder-policy.ts';
import { addRefusal, createFolderRefusal, editRefusal, requestRefusal, rightsRefusal, structureRefusal } from './folder-rules.ts';
import { createFolder, deleteFolder, moveFolder, renameFolder } from './folder-service.ts';
import { grantAccess, setInheritance, withdrawAccess, type GranteeInput } from './grant-service.ts';
import { addFile, addLink, addVersion, deleteItem, moveItem, updateItem } from './item-service.ts';
import { folderRecordKind } from './record-kind.ts';
import { wordSearchCondition } from '../../core/word-search.ts';
import { purgeAt, restoreFromTrash, trashOf } from './trash.ts';

/** The cabinet over GraphQL: thin, every rule in the area's services, rules and policies. */
function grantee(input: FolderGranteeInput): GranteeInput {
  return {
    kind: input.kind,
    accountId: optionalIdOf(input.accountId, 'Account', ['input', 'grantee', 'accountId']),
    unitId: optionalIdOf(input.unitId, 'Unit', ['input', 'grantee', 'unitId']),
    role: input.role ?? null,
  };
}

/** The folder row behind an item, for its rules (not to show: the viewer may not see the folder). */
async function folderOfItem(context: Context, item: FolderItemEntity): Promise<FolderEntity> {
  return context.em.findOneOrFail(Folder, { id: item.folder.id });
}

/** The folder a search is limited to (with the folders below it): NOT_FOUND when the viewer may not see it. */
async function searchedWithin(context: Context, within: string | null | undefined): Promise<string | null> {
  if (within == null) return null;
  const folder = await context.loaders.folder.load(idOf(within, 'Folder', ['within']));
  if (!folder) throw notFound();
  return folder.id;
}

const emptyConnection = <T>(): Connection<T> => ({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 });

function requestWhere(context: Context, filter: FolderChangeRequestFilter | null | undefined): FilterQuery<FolderChangeRequestEntity> {
  const viewer = viewerOf(context);
  const conditions: FilterQuery<FolderChangeRequestEntity>[] = [changeRequestPolicy.visible(viewer)];
  if (filter?.relation === 'FILED_BY_ME') conditions.push({ requester: viewer.accountId });
  if (filter?.relation === 'TO_ANSWER') {
    const ways: FilterQuery<FolderChangeRequestEntity>[] = [{ author: { id: viewer.accountId, status: { $ne: 'DISABLED' } } }];
    if (viewer.headOfUnitIds.length > 0) ways.push({ authorUnit: { $in: [...viewer.headOfUnitIds] }, author: { status: 'DISABLED' }, requester: { $ne: viewer.accountId } });
    conditions.push({ $or: ways });
  }
  if (filter?.status) conditions.push({ status: filter.status });
  return { $and: conditions } as FilterQuery<FolderChangeRequestEntity>;
}

/** A pending request past its expiry reads as expired, even before the sweep marks it. */
const statusOf = (request: FolderChangeRequestEntity, now = new Date()) => (request.status === 'PENDING' && request.expiresAt <= now ? 'EXPIRED' : request.status);

const folderPayload = (work: Promise<FolderEntity>) => work.then((folder) => ({ folder }));
const itemPayload = (work: Promise<FolderItemEntity>) => work.then((item) => ({ item }));
const requestPayload = (work: Promise<FolderChangeRequestEntity>) => work.then((request) => ({ request }));

export const folderResolvers: Resolvers = {
  Subscription: {
    folderChanged: {
      subscribe: (_, { id }, context) => recordStream(context, folderRecordKind, { id: optionalIdOf(id, 'Folder', ['id']) }) as never,
      resolve: (folder: FolderEntity) => folder,
    },
  },
  Query: {
    cabinet: (_, __, context) => context.em.findOne(Folder, { $and: [{ kind: 'SHARED_ROOT' }, folderPolicy.visible(viewerOf(context))] } as never),
    myFolder: (_, __, context) => {
      const viewer = viewerOf(context);
      return context.em.findOne(Folder, { $and: [{ kind: 'PERSONAL_ROOT', owner: viewer.accountId }, folderPolicy.visible(viewer)] } as never);
    },
    folder: async (_, { id }, context) => (await context.loaders.folder.load(idOf(id, 'Folder', ['id']))) ?? Promise.reject(notFound()),
    folderItem: async (_, { id }, context) => (await context.loaders.folderItem.load(idOf(id, 'FolderItem', ['id']))) ?? Promise.reject(notFound()),
    searchCabinet: async (_, args, context, info) => {
      const viewer = viewerOf(context);
      const within = await searchedWithin(context, args.within);
      const conditions: FilterQuery<FolderItemEntity>[] = [folderItemPolicy.visible(viewer), wordSearchCondition<FolderItemEntity>(args.text, viewer.organisationId) ?? (NOTHING as FilterQuery<FolderItemEntity>)];
      if (within) conditions.push({ folder: { path: { $contains: [within] } } } as FilterQuery<FolderItemEntity>);
      return paginate(context.em, FolderItem, { $and: conditions } as FilterQuery<FolderItemEntity>, { updatedAt: 'desc', id: 'desc' }, args, info);
    },
    searchFolders: async (_, args, context, info) => {
      const viewer = viewerOf(context);
      const within = await searchedWithin(context, args.within);
      const conditions: FilterQuery<FolderEntity>[] = [folderPolicy.visible(viewer), wordSearchCondition<FolderEntity>(args.text, viewer.organisationId) ?? (NOTHING as FilterQuery<FolderEntity>)];
      if (within) conditions.push({ path: { $contains: [within] }, id: { $ne: within } } as FilterQuery<FolderEntity>);
      return paginate(context.em, Folder, { $and: conditions } as FilterQuery<FolderEntity>, { nameKey: 'asc', id: 'asc' }, args, info);
    },
    folderChangeRequests: (_, args, context, info) => paginate(context.em, FolderChangeRequest, requestWhere(context, args.filter), { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    createFolder: (_, { input }, context) =>
      createOnce(context, 'createFolder', input.idempotencyKey, 'folder', context.loaders.folder, async (em, actor) =>
        createFolder(em, actor, { parentId: idOf(input.parentId, 'Folder', ['input', 'parentId']), name: input.name }),
      ),
    renameFolder: (_, { input }, context) => mutate(context, (em, actor) => folderPayload(renameFolder(em, actor, { id: idOf(input.id, 'Folder', ['input', 'id']), name: input.name }))),
    moveFolder: (_, { input }, context) =>
      mutate(context, (em, actor) => folderPayload(moveFolder(em, actor, { id: idOf(input.id, 'Folder', ['input', 'id']), parentId: idOf(input.parentId, 'Folder', ['input', 'parentId']) }))),
    deleteFolder: (_, { input }, context) => mutate(context, async (em, actor) => (await deleteFolder(em, actor, { id: idOf(input.id, 'Folder', ['input', 'id']) }), { folder: null })),
    restoreFromFolderTrash: (_, { input }, context) => mutate(context, (em, actor) => restoreFromTrash(em, actor, { id: input.id })),
    addFolderFile: (_, { input }, context) =>
      createOnce(context, 'addFolderFile', input.idempotencyKey, 'item', context.loaders.folderItem, async (em, actor) =>
        addFile(em, actor, {
          folderId: idOf(input.folderId, 'Folder', ['input', 'folderId']),
          fileId: idOf(input.fileId, 'StoredFile', ['input', 'fileId']),
          name: input.name ?? null,
          description: input.description ?? null,
        }),
      ),
    linkToFolder: (_, { input }, context) =>
      createOnce(context, 'linkToFolder', input.idempotencyKey, 'item', context.loaders.folderItem, async (em, actor) =>
        addLink(em, actor, {
          folderId: idOf(input.folderId, 'Folder', ['input', 'folderId']),
          documentId: optionalIdOf(input.documentId, 'Document', ['input', 'documentId']),
          workFileId: optionalIdOf(input.workFileId, 'WorkFile', ['input', 'workFileId']),
          name: input.name ?? null,
          description: input.description ?? null,
        }),
      ),
    addFolderItemVersion: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        itemPayload(addVersion(em, actor, { itemId: idOf(input.itemId, 'FolderItem', ['input', 'itemId']), fileId: idOf(input.fileId, 'StoredFile', ['input', 'fileId']) })),
      ),
    updateFolderItem: (_, { input }, context) =>
      mutate(context, (em, actor) => itemPayload(updateItem(em, actor, { itemId: idOf(input.itemId, 'FolderItem', ['input', 'itemId']), name: input.name, description: input.description }))),
    moveFolderItem: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        itemPayload(moveItem(em, actor, { itemId: idOf(input.itemId, 'FolderItem', ['input', 'itemId']), folderId: idOf(input.folderId, 'Folder', ['input', 'folderId']) })),
      ),
    deleteFolderItem: (_, { input }, context) => mutate(context, async (em, actor) => (await deleteItem(em, actor, { itemId: idOf(input.itemId, 'FolderItem', ['input', 'itemId']) }), { item: null })),
    grantFolderAccess: (_, { input }, context) =>
      mutate(context, async (em, actor) => {
        const { folder, item, grant } = await grantAccess(em, actor, { targetId: input.targetId, grantee: grantee(input.grantee), level: input.level });
        return { folder, item, grant };
      }),
    withdrawFolderAccess: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ ...(await withdrawAccess(em, actor, { grantId: idOf(input.grantId, 'FolderGrant', ['input', 'grantId']) })), grant: null })),
    setFolderInheritance: (_, { input }, context) => mutate(context, async (em, actor) => ({ ...(await setInheritance(em, actor, { targetId: input.targetId, inherits: input.inherits })), grant: null })),
    requestFolderItemChange: (_, { input }, context) =>
      createOnce(context, 'requestFolderItemChange', input.idempotencyKey, 'request', context.loaders.folderChangeRequest, async (em, actor) =>
        requestChange(em, actor, {
          itemId: idOf(input.itemId, 'FolderItem', ['input', 'itemId']),
          kind: input.kind,
          fileId: optionalIdOf(input.fileId, 'StoredFile', ['input', 'fileId']),
          name: input.name ?? null,
          description: input.description ?? null,
          folderId: optionalIdOf(input.folderId, 'Folder', ['input', 'folderId']),
          note: input.note ?? null,
        }),
      ),
    answerFolderChangeRequest: (_, { input }, context) =>
      mutate(context, (em, actor) => requestPayload(answerRequest(em, actor, { id: idOf(input.id, 'FolderChangeRequest', ['input', 'id']), accept: input.accept, reason: input.reason ?? null }))),
    withdrawFolderChangeRequest: (_, { input }, context) =>
      mutate(context, (em, actor) => requestPayload(withdrawRequest(em, actor, { id: idOf(input.id, 'FolderChangeRequest', ['input', 'id']) }))),
  },
  Folder: {
    id: (folder) => toGlobalId('Folder', folder.id),
    parent: (folder, _, context) => (folder.parent ? context.loaders.folder.load(folder.parent.id) : null),
    ancestors: async (folder, _, context) => {
      const above = await context.loaders.folder.loadMany(folder.path.filter((id) => id !== folder.id));
      return above.filter((row): row is FolderEntity => row !== null && !(row instanceof Error));
    },
    unit: (folder, _, context) => (folder.unit ? context.loaders.unit.load(folder.unit.id) : null),
    createdBy: (folder, _, context) => (folder.createdBy ? context.loaders.account.load(folder.createdBy.id) : null),
    viewerAccess: (folder, _, context) => levelOn(viewerOf(context), folder),
    viewerCan: (folder, _, context) => {
      const viewer = viewerOf(context);
      return {
        addItems: addRefusal(viewer, folder) === null,
        createFolders: createFolderRefusal(viewer, folder) === null,
        changeStructure: structureRefusal(viewer, folder) === null,
        manageRights: rightsRefusal(viewer, folder, null, null) === null,
        restoreAll: levelOn(viewer, folder) === 'MANAGE',
      };
    },
    grants: (folder, _, context) => context.loaders.folderGrantsOf.load(folder.id),
    folders: (folder, args, context, info) =>
      paginate(context.em, Folder, { $and: [{ parent: folder.id }, folderPolicy.visible(viewerOf(context))] } as FilterQuery<FolderEntity>, { nameKey: 'asc', id: 'asc' }, args, info),
    items: (folder, args, context, info) =>
      paginate(
        context.em,
        FolderItem,
        { $and: [{ folder: folder.id }, folderItemPolicy.visible(viewerOf(context))] } as FilterQuery<FolderItemEntity>,
        args.orderBy === 'UPDATED' ? { updatedAt: 'desc', id: 'desc' } : { nameKey: 'asc', id: 'asc' },
        args,
        info,
      ),
    trash: (folder, _, context) => trashOf(context.em, viewerOf(context), folder),
    rightsHistory: (folder, args, context, info) =>
      levelOn(viewerOf(context), folder) === 'MANAGE'
        ? paginate(context.em, FolderRightChange, { targetId: folder.id }, { at: 'desc', id: 'desc' }, args, info)
        : emptyConnection(),
  },
  FolderItem: {
    id: (item) => toGlobalId('FolderItem', item.id),
    description: (item) => item.description ?? null,
    folder: (item, _, context) => context.loaders.folder.load(item.folder.id),
    author: (item, _, context) => context.loaders.account.load(item.author.id),
    size: (item) => item.size ?? null,
    currentVersion: async (item, _, context) => (item.kind === 'FILE' ? ((await context.loaders.folderItemVersions.load(item.id))[0] ?? null) : null),
    versions: (item, _, context) => context.loaders.folderItemVersions.load(item.id),
    document: (item, _, context) => (item.document ? context.loaders.document.load(item.document.id) : null),
    workFile: (item, _, context) => (item.workFile ? context.loaders.workFile.load(item.workFile.id) : null),
    grants: (item, _, context) => context.loaders.folderGrantsOf.load(item.id),
    rights: (item) => ({ item }),
    viewerIsAuthor: (item, _, context) => item.author.id === viewerOf(context).accountId,
    viewerCan: async (item, _, context) => {
      const viewer = viewerOf(context);
      const folder = await folderOfItem(context, item);
      return {
        edit: editRefusal(viewer, folder, item) === null,
        requestChange: requestRefusal(viewer, folder, item) === null,
        manageRights: rightsRefusal(viewer, folder, item, null) === null,
      };
    },
    changeRequests: async (item, { status }, context) => {
      const requests = await context.loaders.itemChangeRequests.load(item.id);
      return status ? requests.filter((request) => statusOf(request) === status) : requests;
    },
  },
  FolderRightsSummary: {
    inheritsRights: ({ item }) => item.inheritsRights,
    ownGrantCount: async ({ item }, _, context) => (await context.loaders.folderGrantsOf.load(item.id)).length,
    everyone: ({ item }) => everyoneLevel(item.organisation.id, item),
    viewerAccess: ({ item }, _, context) => levelOn(viewerOf(context), item),
  },
  FolderItemVersion: {
    fileName: (version) => version.file.getEntity().fileName,
    mediaType: (version) => version.file.getEntity().mediaType,
    size: (version) => version.file.getEntity().size,
    sha256: (version) => version.file.getEntity().sha256,
    downloadUrl: (version) => downloadUrl(version.file.id),
    addedBy: (version, _, context) => context.loaders.account.load(version.addedBy.id),
  },
  FolderItemVersionFile: {
    downloadUrl: (file) => downloadUrl(file.id),
  },
  FolderGrant: {
    id: (grant) => toGlobalId('FolderGrant', grant.id),
    grantee: (grant) => granteeOf(grant.granteeKind, grant.granteeKey),
    grantedBy: (grant, _, context) => (grant.grantedBy ? context.loaders.account.load(grant.grantedBy.id) : null),
  },
  FolderGrantee: {
    account: (grantee, _, context) => (grantee.accountId ? context.loaders.account.load(grantee.accountId) : null),
    unit: (grantee, _, context) => (grantee.unitId ? context.loaders.unit.load(grantee.unitId) : null),
    role: (grantee) => (grantee.role as never) ?? null,
  },
  FolderRightChange: {
    grantee: (change) => (change.granteeKind && change.granteeKey ? granteeOf(change.granteeKind, change.granteeKey) : null),
    level: (change) => change.level ?? null,
    previousLevel: (change) => change.previousLevel ?? null,
    by: (change, _, context) => context.loaders.account.load(change.by.id),
  },
  FolderTrashEntry: {
    id: (entry) => toGlobalId(entry.isFolder ? 'Folder' : 'FolderItem', entry.id),
    author: (entry, _, context) => (entry.authorId ? context.loaders.account.load(entry.authorId) : null),
    deletedBy: (entry, _, context) => (entry.deletedById ? context.loaders.account.load(entry.deletedById) : null),
    purgeAt: (entry) => purgeAt(entry.deletedAt),
  },
  FolderChangeRequest: {
    id: (request) => toGlobalId('FolderChangeRequest', request.id),
    status: (request) => statusOf(request),
    item: (request, _, context) => context.loaders.folderItem.load(request.item.id),
    requester: (request, _, context) => context.loaders.account.load(request.requester.id),
    author: (request, _, context) => context.loaders.account.load(request.author.id),
    note: (request) => request.note ?? null,
    newFile: (request, _, context) => (request.newFile ? context.loaders.folderFile.load(request.newFile.id) : null),
    newName: (request) => request.newName ?? null,
    newDescription: (request) => request.newDescription ?? null,
    targetFolder: (request, _, context) => (request.targetFolder ? context.loaders.folder.load(request.targetFolder.id) : null),
    reason: (request) => request.reason ?? null,
    answeredBy: (request, _, context) => (request.answeredBy ? context.loaders.account.load(request.answeredBy.id) : null),
    answeredAt: (request) => request.answeredAt ?? null,
    appliedVersion: (request) => request.appliedVersion ?? null,
    viewerCanAnswer: async (request, _, context) => {
      const viewer = viewerOf(context);
      const party = partyOf(viewer, request, (await context.loaders.accountStatus.load(request.author.id)) ?? 'ACTIVE');
      return party === 'ANSWERER' && consentMove(request, 'ACCEPT', party, new Date()).ok;
    },
    viewerCanWithdraw: (request, _, context) =>
      request.requester.id === viewerOf(context).accountId && consentMove(request, 'WITHDRAW', 'REQUESTER', new Date()).ok,
  },
  Notice: {
    folder: async (delivery, _, context) => {
      const about = await context.loaders.folderNoticeOf.load(delivery.notice.id);
      return about?.folder ? context.loaders.folder.load(about.folder.id) : null;
    },
    folderItem: async (delivery, _, context) => {
      const about = await context.loaders.folderNoticeOf.load(delivery.notice.id);
      return about?.item ? context.loaders.folderItem.load(about.item.id) : null;
    },
    folderChangeRequest: async (delivery, _, context) => {
      const about = await context.loaders.folderNoticeOf.load(delivery.notice.id);
      return about?.request ? context.loaders.folderChangeRequest.load(about.request.id) : null;
    },
  },
};

