import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';

/**
 * An uploaded file. The bytes live in the blob store under their SHA-256 (identical uploads are
 * stored once); this row is one organisation's upload of them, with the name it was given.
 */
export const StoredFile = defineEntity({
  name: 'StoredFile',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    sha256: p.string().length(64),
    size: p.bigint('number'),
    mediaType: p.string().length(100),
    fileName: p.string().length(255),
    uploadedBy: () => p.manyToOne(Account).ref(),
    uploadedAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['sha256'] }],
});
export type StoredFileEntity = InferEntity<typeof StoredFile>;
