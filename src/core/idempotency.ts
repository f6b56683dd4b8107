import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Organisation } from './organisation.ts';

/**
 * A creating mutation's idempotency key (DESIGN: conventions). The key is the caller's, so it is
 * scoped to the account; the row is written in the mutation's own transaction, so a failed call
 * leaves no key behind and can be retried.
 *
 * The key is kept only as its SHA-256 (`keyHash`), so that an answer kept for a retry can be
 * encrypted under the key itself: `answer` holds what only the first call could compute (the
 * generated password of `createAccount`), AES-256-GCM under a key derived from the caller's
 * idempotency key, which the database does not hold. It is answered to retries for
 * ANSWER_RETENTION_MS only, then erased (issue 22, point 5).
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
    answer: p.text().nullable(),
  },
  indexes: [
    {
      name: 'idempotency_key_answer_created_at',
      expression: 'create index "idempotency_key_answer_created_at" on "idempotency_key" ("created_at") where "answer" is not null',
    },
  ],
});
export type IdempotencyKeyEntity = InferEntity<typeof IdempotencyKey>;

/** How long a kept answer is given to retries: long enough for a client's retries, short enough to forget. */
export const ANSWER_RETENTION_MS = 15 * 60 * 1000;

/** What is stored in place of a caller's key. */
export function storedKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function cipherKey(key: string, accountId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, accountId, 'vanthu idempotent answer', 32));
}

/** An answer sealed under the caller's idempotency key (which is not stored). */
export function sealAnswer(key: string, accountId: string, answer: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(key, accountId), iv);
  const sealed = Buffer.concat([cipher.update(answer, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The answer back, or null when it cannot be opened with this key. */
export function openAnswer(key: string, accountId: string, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cipherKey(key, accountId), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
