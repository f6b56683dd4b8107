import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from './document.ts';

/**
 * An issued document delivered on paper to one recipient (seed 003: a document restricted from
 * publication goes on paper only; any other may too): to whom, by whom, when, and who signed for it.
 */
export const DocumentPaperDelivery = defineEntity({
  name: 'DocumentPaperDelivery',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    recipient: p.string().length(300),
    receivedBy: p.string().length(100).nullable(),
    deliveredAt: p.datetime(),
    deliveredBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['document', 'deliveredAt'] }],
});
export type DocumentPaperDeliveryEntity = InferEntity<typeof DocumentPaperDelivery>;
