import { can } from '../../core/ability.ts';
import { paginate } from '../../core/connection.ts';
import { viewerOf, type Context } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import { idOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import type { ArchiveRecordFilter, Resolvers } from '../../generated/graphql.ts';
import { retentionLabel, type WorkFileEntity } from '../workfiles/public.ts';
import { acceptHandOverList, archiveRecordPolicy, destructionListPolicy, editHandOverList, handOverListPolicy } from './archive-policy.ts';
import { ArchiveRecord, DestructionItem, DestructionList, HandOverList, type ArchiveRecordEntity, type DestructionListEntity, type HandOverListEntity } from './archive.ts';
import { carryOut, decideDestruction, proposeDestruction } from './destruction-service.ts';
import { PENDING_DESTRUCTION } from './destruction-states.ts';
import { acceptList, addToHandOverList, createHandOverList, removeFromHandOverList, returnList, submitList } from './handover-service.ts';
import { retentionEnded } from './retention.ts';

/** The archive (seed 004 Art. 16): hand-over lists, archived records and their packages, destruction lists. */
const retention = (years: number | null) => ({ permanent: years === null, years, label: retentionLabel(years) });

const listPayload = (work: Promise<HandOverListEntity>) => work.then((handOverList) => ({ handOverList }));
const destructionPayload = (work: Promise<DestructionListEntity>) => work.then((destructionList) => ({ destructionList }));

async function listedFile(context: Context, id: string): Promise<WorkFileEntity> {
  const file = await context.loaders.listedWorkFile.load(id);
  if (!file) throw new Error(`archive: work file ${id} is missing`);
  return file;
}

async function recordWhere(context: Context, filter: ArchiveRecordFilter | null | undefined) {
  const conditions: object[] = [archiveRecordPolicy.visible(viewerOf(context))];
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.dueForAppraisal) {
    conditions.push({ status: 'KEPT', retentionEndsOn: { $ne: null, $lte: vietnamDate(new Date()) } });
    // Not already on a list that waits for a decision or to be carried out (such lists are few).
    const pending = await context.em.find(DestructionItem, { list: { status: { $in: [...PENDING_DESTRUCTION] } } }, { fields: ['record'] });
    if (pending.length > 0) conditions.push({ id: { $nin: pending.map((item) => item.record.id) } });
  }
  return { $and: conditions };
}

const handOverId = (id: string) => idOf(id, 'HandOverList', ['input', 'id']);
const destructionId = (id: string) => idOf(id, 'DestructionList', ['input', 'id']);

export const archiveResolvers: Resolvers = {
  Query: {
    handOverList: async (_, { id }, context) => (await context.loaders.handOverList.load(idOf(id, 'HandOverList', ['id']))) ?? notFoundOf(),
    handOverLists: (_, args, context, info) =>
      paginate(context.em, HandOverList, { $and: [handOverListPolicy.visible(viewerOf(context)), ...(args.status ? [{ status: args.status }] : [])] } as never, { createdAt: 'desc', id: 'desc' }, args, info),
    archiveRecord: async (_, { id }, context) => (await context.loaders.archiveRecord.load(idOf(id, 'ArchiveRecord', ['id']))) ?? notFoundOf(),
    archiveRecords: async (_, args, context, info) => paginate(context.em, ArchiveRecord, (await recordWhere(context, args.filter)) as never, { acceptedAt: 'desc', id: 'desc' }, args, info),
    destructionList: async (_, { id }, context) => (await context.loaders.destructionList.load(idOf(id, 'DestructionList', ['id']))) ?? notFoundOf(),
    destructionLists: (_, args, context, info) => paginate(context.em, DestructionList, destructionListPolicy.visible(viewerOf(context)), { createdAt: 'desc', id: 'desc' }, args, info),
  },
  Mutation: {
    createHandOverList: (_, { input }, context) =>
      mutate(context, (em, actor) => listPayload(createHandOverList(em, actor, { title: input.title, workFileIds: input.workFileIds.map((id, index) => idOf(id, 'WorkFile', ['input', 'workFileIds', String(index)])) }))),
    addWorkFileToHandOverList: (_, { input }, context) =>
      mutate(context, (em, actor) => listPayload(addToHandOverList(em, actor, { listId: idOf(input.listId, 'HandOverList', ['input', 'listId']), workFileId: idOf(input.workFileId, 'WorkFile', ['input', 'workFileId']) }))),
    removeWorkFileFromHandOverList: (_, { input }, context) =>
      mutate(context, (em, actor) => listPayload(removeFromHandOverList(em, actor, { listId: idOf(input.listId, 'HandOverList', ['input', 'listId']), workFileId: idOf(input.workFileId, 'WorkFile', ['input', 'workFileId']) }))),
    submitHandOverList: (_, { input }, context) => mutate(context, (em, actor) => listPayload(submitList(em, actor, handOverId(input.id)))),
    returnHandOverList: (_, { input }, context) => mutate(context, (em, actor) => listPayload(returnList(em, actor, { id: handOverId(input.id), reason: input.reason }))),
    acceptHandOverList: (_, { input }, context) => mutate(context, (em, actor) => listPayload(acceptList(em, actor, handOverId(input.id)))),
    proposeDestructionList: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        destructionPayload(proposeDestruction(em, actor, { title: input.title, reason: input.reason, archiveRecordIds: input.archiveRecordIds.map((id, index) => idOf(id, 'ArchiveRecord', ['input', 'archiveRecordIds', String(index)])) })),
      ),
    decideDestructionList: (_, { input }, context) => mutate(context, (em, actor) => destructionPayload(decideDestruction(em, actor, { id: destructionId(input.id), approve: input.approve, note: input.note ?? null }))),
    carryOutDestructionList: (_, { input }, context) => mutate(context, (em, actor) => destructionPayload(carryOut(em, actor, destructionId(input.id)))),
  },
  HandOverList: {
    id: (list) => toGlobalId('HandOverList', list.id),
    creator: (list, _, context) => context.loaders.account.load(list.creator.id),
    creatorUnit: (list, _, context) => context.loaders.unit.load(list.creatorUnit.id),
    entries: async (list, _, context) => (await context.loaders.handOverItems.load(list.id)).map((item, index) => ({ ordinal: index + 1, item })),
    workFileCount: async (list, _, context) => (await context.loaders.handOverItems.load(list.id)).length,
    returnReason: (list) => list.returnReason ?? null,
    checkedBy: (list, _, context) => (list.checkedBy ? context.loaders.account.load(list.checkedBy.id) : null),
    submittedAt: (list) => list.submittedAt ?? null,
    returnedAt: (list) => list.returnedAt ?? null,
    acceptedAt: (list) => list.acceptedAt ?? null,
    viewerCanEdit: (list, _, context) => can(viewerOf(context), editHandOverList, list),
    viewerCanCheck: (list, _, context) => can(viewerOf(context), acceptHandOverList, list),
  },
  HandOverEntry: {
    workFileId: (entry) => toGlobalId('WorkFile', entry.item.workFile.id),
    workFile: (entry, _, context) => context.loaders.workFile.load(entry.item.workFile.id),
    code: async (entry, _, context) => (await listedFile(context, entry.item.workFile.id)).code,
    title: async (entry, _, context) => (await listedFile(context, entry.item.workFile.id)).title,
    retention: async (entry, _, context) => retention((await listedFile(context, entry.item.workFile.id)).retentionYears ?? null),
    startDate: async (entry, _, context) => (await listedFile(context, entry.item.workFile.id)).startDate,
    endDate: async (entry, _, context) => (await listedFile(context, entry.item.workFile.id)).endDate ?? null,
  },
  ArchiveRecord: {
    id: (record) => toGlobalId('ArchiveRecord', record.id),
    code: async (record, _, context) => (await listedFile(context, record.workFile.id)).code,
    year: async (record, _, context) => (await listedFile(context, record.workFile.id)).year,
    title: async (record, _, context) => (await listedFile(context, record.workFile.id)).title,
    retention: (record) => retention(record.retentionYears ?? null),
    retentionEndsOn: (record) => record.retentionEndsOn ?? null,
    retentionEnded: (record) => retentionEnded(record.retentionEndsOn ?? null, vietnamDate(new Date())),
    workFile: (record, _, context) => context.loaders.workFile.load(record.workFile.id),
    handOverList: (record, _, context) => context.loaders.handOverList.load(record.handOverList.id),
    acceptedBy: (record, _, context) => context.loaders.account.load(record.acceptedBy.id),
    destroyedAt: (record) => record.destroyedAt ?? null,
    packageUrl: (record) => (record.status === 'KEPT' ? `/archive/packages/${toGlobalId('ArchiveRecord', record.id)}.zip` : null),
  },
  DestructionList: {
    id: (list) => toGlobalId('DestructionList', list.id),
    creator: (list, _, context) => context.loaders.account.load(list.creator.id),
    records: async (list, _, context) => (await context.loaders.destructionItems.load(list.id)).map((item) => item.record.getEntity() as ArchiveRecordEntity),
    decidedBy: (list, _, context) => (list.decidedBy ? context.loaders.account.load(list.decidedBy.id) : null),
    decidedAt: (list) => list.decidedAt ?? null,
    decisionNote: (list) => list.decisionNote ?? null,
    destroyedBy: (list, _, context) => (list.destroyedBy ? context.loaders.account.load(list.destroyedBy.id) : null),
    destroyedAt: (list) => list.destroyedAt ?? null,
  },
};

function notFoundOf(): never {
  throw notFound();
}
