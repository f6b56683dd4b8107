import { canReadContent } from '../documents/public.ts';
import { editWorkFile, reopenWorkFileAbility, workFilePolicy } from './work-file-policy.ts';
import { can } from '../../core/ability.ts';
import type { AccountEntity } from '../accounts/public.ts';
import { containsPattern, foldVietnamese } from '../../core/text.ts';
import { totalsOf } from './work-file-contents.ts';
import { workFileLockOn } from './work-file-locks.ts';
import { retentionLabel } from './work-file-rules.ts';
import { closeWorkFile, linkDocument, moveDocument, openWorkFile, reopenWorkFile, unlinkDocument, updateWorkFile } from './work-file-service.ts';
import { WorkFile, type WorkFileEntity } from './work-file.ts';
import type { Resolvers, WorkFileFilter } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { workFileRecordKind } from './record-kind.ts';
import { recordStream } from '../../core/record-stream.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate, withoutNulls, createOnce } from '../../core/mutate.ts';

/** Work files (hồ sơ công việc): opening, linking documents, closing; each viewer sees its own share of them. */
function workFileWhere(context: Context, filter: WorkFileFilter | null | undefined) {
  const viewer = viewerOf(context);
  const conditions: object[] = [workFilePolicy.visible(viewer)];
  if (filter?.relation === 'CREATED_BY_ME') conditions.push({ creator: viewer.accountId });
  if (filter?.relation === 'SHARED_WITH_ME') conditions.push({ handlerIds: { $contains: [viewer.accountId] }, creator: { $ne: viewer.accountId } });
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.year != null) conditions.push({ year: filter.year });
  const words = filter?.search ? foldVietnamese(filter.search).split(/\s+/).filter(Boolean) : [];
  for (const word of words) conditions.push({ searchText: { $like: containsPattern(word) } });
  return { $and: conditions };
}

const accountIds = (ids: readonly string[] | null | undefined) => ids?.map((id) => idOf(id, 'Account', ['input', 'sharedWithAccountIds']));
const payload = (work: Promise<WorkFileEntity>) => work.then((workFile) => ({ workFile }));

async function linksOf(context: Context, file: WorkFileEntity) {
  return context.loaders.workFileLinks.load(file.id);
}

export const workFileResolvers: Resolvers = {
  Subscription: {
    workFileChanged: {
      subscribe: (_, { id }, context) => recordStream(context, workFileRecordKind, { id: optionalIdOf(id, 'WorkFile', ['id']) }) as never,
      resolve: (file: WorkFileEntity) => file,
    },
  },
  Query: {
    workFile: async (_, { id }, context) => {
      const file = await context.loaders.workFile.load(idOf(id, 'WorkFile', ['id']));
      if (!file) throw notFound();
      return file;
    },
    workFiles: (_, args, context, info) => paginate(context.em, WorkFile, workFileWhere(context, args.filter) as never, { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    openWorkFile: (_, { input }, context) =>
      createOnce(context, 'openWorkFile', input.idempotencyKey, 'workFile', context.loaders.workFile, async (em, actor) =>
        openWorkFile(em, actor, { ...input, sharedWithAccountIds: accountIds(input.sharedWithAccountIds) ?? [] }),
      ),
    updateWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        payload(
          updateWorkFile(em, actor, {
            ...withoutNulls(input),
            id: idOf(input.id, 'WorkFile', ['input', 'id']),
            ...(input.sharedWithAccountIds ? { sharedWithAccountIds: accountIds(input.sharedWithAccountIds) } : {}),
          }),
        ),
      ),
    linkDocumentToWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) => payload(linkDocument(em, actor, linkInput(input)))),
    unlinkDocumentFromWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) => payload(unlinkDocument(em, actor, linkInput(input)))),
    moveDocumentInWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) => payload(moveDocument(em, actor, { ...linkInput(input), position: input.position }))),
    closeWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) => payload(closeWorkFile(em, actor, { id: idOf(input.id, 'WorkFile', ['input', 'id']), endDate: input.endDate ?? null }))),
    reopenWorkFile: (_, { input }, context) =>
      mutate(context, (em, actor) => payload(reopenWorkFile(em, actor, { id: idOf(input.id, 'WorkFile', ['input', 'id']), reason: input.reason }))),
  },
  WorkFile: {
    id: (file) => toGlobalId('WorkFile', file.id),
    description: (file) => file.description ?? null,
    retention: (file) => ({ permanent: file.retentionYears == null, years: file.retentionYears ?? null, label: retentionLabel(file.retentionYears ?? null) }),
    creator: (file, _, context) => context.loaders.account.load(file.creator.id),
    creatorUnit: (file, _, context) => context.loaders.unit.load(file.creatorUnit.id),
    sharedWith: async (file, _, context) =>
      (await context.loaders.account.loadMany(file.handlerIds.filter((id) => id !== file.creator.id))).filter(
        (account): account is AccountEntity => account !== null && !(account instanceof Error),
      ),
    endDate: (file) => file.endDate ?? null,
    closedAt: (file) => file.closedAt ?? null,
    documents: async (file, _, context) => (await linksOf(context, file)).map((link, index) => ({ ordinal: index + 1, link })),
    documentCount: async (file, _, context) => (await linksOf(context, file)).length,
    pageCount: async (file, _, context) => {
      const viewer = viewerOf(context);
      return totalsOf((await linksOf(context, file)).map((link) => link.document.getEntity()), (document) => canReadContent(viewer, document)).pageCount;
    },
    viewerCanEdit: (file, _, context) => can(viewerOf(context), editWorkFile, file),
    viewerCanReopen: async (file, _, context) => can(viewerOf(context), reopenWorkFileAbility, file) && !(await workFileLockOn(context.em, file.id)),
    pdfUrl: (file) => `/work-files/${toGlobalId('WorkFile', file.id)}.pdf`,
    xmlUrl: (file) => `/work-files/${toGlobalId('WorkFile', file.id)}.xml`,
  },
  WorkFileEntry: {
    document: (entry) => entry.link.document.getEntity(),
    addedAt: (entry) => entry.link.addedAt,
    addedBy: (entry, _, context) => context.loaders.account.load(entry.link.addedBy.id),
  },
  Document: {
    workFiles: (document, _, context) => context.loaders.documentWorkFiles.load(document.id),
  },
};

function linkInput(input: { workFileId: string; documentId: string }) {
  return { workFileId: idOf(input.workFileId, 'WorkFile', ['input', 'workFileId']), documentId: idOf(input.documentId, 'Document', ['input', 'documentId']) };
}
