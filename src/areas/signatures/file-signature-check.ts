import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Document } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * The check of an incoming document's file when it came in (issue 16 point 6): its signatures'
 * reports as they were judged then, and the verdict the clerk sees on the file and the document.
 * PENDING until verified (a check the server could not make in the arrival's transaction is made
 * by the sweep job).
 */
export const FILE_CHECK_STATUSES = ['PENDING', 'UNSIGNED', 'NOT_PDF', 'VALID', 'INDETERMINATE', 'INVALID'] as const;
export type FileCheckStatus = (typeof FILE_CHECK_STATUSES)[number];

export const FileSignatureCheck = defineEntity({
  name: 'FileSignatureCheck',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref().deleteRule('cascade'),
    file: () => p.manyToOne(StoredFile).ref(),
    fileName: p.string().length(255),
    sha256: p.string().length(64),
    status: p.enum(FILE_CHECK_STATUSES).default('PENDING'),
    /** The reports as JSON (signedAt as ISO text), in the file's order of signatures. */
    reports: p.json<Record<string, unknown>[]>().default([]),
    checkedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'file'] }],
  indexes: [{ properties: ['status'] }],
});
export type FileSignatureCheckEntity = InferEntity<typeof FileSignatureCheck>;
