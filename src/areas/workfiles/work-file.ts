import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from '../documents/public.ts';

export const WORK_FILE_STATUSES = ['OPEN', 'CLOSED'] as const;
export type WorkFileStatus = (typeof WORK_FILE_STATUSES)[number];

/**
 * A work file (hồ sơ công việc; seed 004 Art. 2 §5, Art. 13 §1): the documents of one matter that a
 * specialist gathers while handling it, with the metadata of Decree 30 Appendix VI (code, title,
 * retention period, rights, creator, language, start and end dates, description). The counts of
 * documents and pages are not stored: each viewer gets those of the documents they may see.
 * `handlerIds` (the creator and the people it is shared with) and `handlerUnitIds` (the creator's
 * unit and the units above) carry the same visibility rule as documents and tasks.
 */
export const WorkFile = defineEntity({
  name: 'WorkFile',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    /** Mã hồ sơ, unique in the organisation for the year the file was opened. */
    code: p.string().length(50),
    year: p.integer(),
    title: p.string().length(500),
    description: p.string().length(2000).nullable(),
    /** Thời hạn bảo quản in years; null when it is kept permanently (vĩnh viễn). */
    retentionYears: p.integer().nullable(),
    /** ISO 639 code of the file's language. */
    language: p.string().length(10).default('vi'),
    creator: () => p.manyToOne(Account).ref(),
    creatorUnit: () => p.manyToOne(Unit).ref(),
    status: p.enum(WORK_FILE_STATUSES),
    /** Vietnamese calendar dates (YYYY-MM-DD): opened, and closed. */
    startDate: p.string().length(10),
    endDate: p.string().length(10).nullable(),
    /** Folded code and title, for accent-insensitive search. */
    searchText: p.text(),
    handlerIds: p.array().default([]),
    handlerUnitIds: p.array().default([]),
    createdAt: p.datetime().onCreate(() => new Date()),
    closedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'year', 'code'] }],
  indexes: [{ properties: ['organisation', 'createdAt', 'id'] }],
});
export type WorkFileEntity = InferEntity<typeof WorkFile>;

/**
 * A document's place in a work file. The document is linked, never copied, so one document can
 * sit in several work files; `ordinal` orders the file's index (mục lục văn bản).
 */
export const WorkFileDocument = defineEntity({
  name: 'WorkFileDocument',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    workFile: () => p.manyToOne(WorkFile).ref(),
    document: () => p.manyToOne(Document).ref(),
    ordinal: p.integer(),
    addedBy: () => p.manyToOne(Account).ref(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['workFile', 'document'] }],
  indexes: [{ properties: ['document'] }],
});
export type WorkFileDocumentEntity = InferEntity<typeof WorkFileDocument>;
