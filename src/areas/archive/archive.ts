import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { WorkFile } from '../workfiles/public.ts';
import { HAND_OVER_STATUSES } from './handover-states.ts';
import { DESTRUCTION_STATUSES } from './destruction-states.ts';

/**
 * A hand-over list (mục lục hồ sơ nộp lưu; seed 004 Art. 16, Decree 30: finished work files go to
 * the agency's archive within a year): the closed work files a specialist hands to the archive.
 * `handlerIds` (its maker) and `handlerUnitIds` (the maker's unit and those above) carry the rule
 * of handled records; the archive officers see it once submitted.
 */
export const HandOverList = defineEntity({
  name: 'HandOverList',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    title: p.string().length(500),
    creator: () => p.manyToOne(Account).ref(),
    creatorUnit: () => p.manyToOne(Unit).ref(),
    status: p.enum(HAND_OVER_STATUSES),
    handlerIds: p.array().default([]),
    handlerUnitIds: p.array().default([]),
    /** The archive officer's reason when they last returned it. */
    returnReason: p.string().length(1000).nullable(),
    checkedBy: () => p.manyToOne(Account).ref().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    submittedAt: p.datetime().nullable(),
    returnedAt: p.datetime().nullable(),
    acceptedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }],
});
export type HandOverListEntity = InferEntity<typeof HandOverList>;

/** A work file on a hand-over list. A work file is handed over once: it sits on one list at most. */
export const HandOverItem = defineEntity({
  name: 'HandOverItem',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    list: () => p.manyToOne(HandOverList).ref(),
    workFile: () => p.manyToOne(WorkFile).ref().unique(),
    ordinal: p.integer(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['list', 'ordinal'] }],
});
export type HandOverItemEntity = InferEntity<typeof HandOverItem>;

export const ARCHIVE_RECORD_STATUSES = ['KEPT', 'DESTROYED'] as const;

/**
 * A work file the archive accepted: the archive's from then on, read-only for everyone. Who could
 * read the file when it was accepted (`handlerIds`, `handlerUnitIds`, copied: the file changes no
 * more) still may; the archive officers and the leaders may too. Its retention is fixed here.
 */
export const ArchiveRecord = defineEntity({
  name: 'ArchiveRecord',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    workFile: () => p.manyToOne(WorkFile).ref().unique(),
    handOverList: () => p.manyToOne(HandOverList).ref(),
    acceptedBy: () => p.manyToOne(Account).ref(),
    acceptedAt: p.datetime(),
    /** Years; null: kept permanently. */
    retentionYears: p.integer().nullable(),
    /** The first day past the retention (YYYY-MM-DD); null when kept permanently. */
    retentionEndsOn: p.string().length(10).nullable(),
    status: p.enum(ARCHIVE_RECORD_STATUSES),
    handlerIds: p.array().default([]),
    handlerUnitIds: p.array().default([]),
    destroyedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organisation', 'retentionEndsOn'] }, { properties: ['organisation', 'acceptedAt', 'id'] }],
});
export type ArchiveRecordEntity = InferEntity<typeof ArchiveRecord>;

/**
 * A destruction list (danh mục tài liệu hết giá trị): records past their retention that the
 * archive officer proposes to destroy; a leader approves or refuses it; only then is it carried
 * out. It and its decision are kept for good: nothing deletes them.
 */
export const DestructionList = defineEntity({
  name: 'DestructionList',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    title: p.string().length(500),
    reason: p.string().length(1000),
    status: p.enum(DESTRUCTION_STATUSES),
    creator: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
    decidedBy: () => p.manyToOne(Account).ref().nullable(),
    decidedAt: p.datetime().nullable(),
    decisionNote: p.string().length(1000).nullable(),
    destroyedBy: () => p.manyToOne(Account).ref().nullable(),
    destroyedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }],
});
export type DestructionListEntity = InferEntity<typeof DestructionList>;

export const DestructionItem = defineEntity({
  name: 'DestructionItem',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    list: () => p.manyToOne(DestructionList).ref(),
    record: () => p.manyToOne(ArchiveRecord).ref(),
  },
  uniques: [{ properties: ['list', 'record'] }],
  indexes: [{ properties: ['record'] }],
});
export type DestructionItemEntity = InferEntity<typeof DestructionItem>;
