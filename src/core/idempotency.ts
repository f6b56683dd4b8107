import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from './organisation.ts';

/**
 * A creating mutation's idempotency key (DESIGN: conventions). The key is the caller's, so it is
 * scoped to the account; the row is written in the mutation's own transaction, so a failed call
 * leaves no key behind and can be retried.
 */
export const IdempotencyKey = defineEntity({
  name: 'IdempotencyKey',
  properties: {
    accountId: p.uuid().primary(),
    key: p.string().length(100).primary(),
    organisation: () => p.manyToOne(Organisation).ref(),
    operation: p.string().length(100),
    resultId: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IdempotencyKeyEntity = InferEntity<typeof IdempotencyKey>;
