import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { StoredFile } from '../files/public.ts';
import { Document } from './document.ts';

/**
 * A file of a document: attachment number `attachmentNo`, in version `version` (1, 2, …). A new
 * version never replaces an old one; the newest is the current file.
 */
export const DocumentFile = defineEntity({
  name: 'DocumentFile',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    attachmentNo: p.integer(),
    version: p.integer(),
    file: () => p.manyToOne(StoredFile).ref(),
    addedBy: () => p.manyToOne(Account).ref(),
    addedAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['document', 'attachmentNo', 'version'] }],
  indexes: [{ properties: ['file'] }],
});
export type DocumentFileEntity = InferEntity<typeof DocumentFile>;
