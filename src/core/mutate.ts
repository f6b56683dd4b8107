import type { EntityManager } from '@mikro-orm/postgresql';
import { ANSWER_RETENTION_MS, IdempotencyKey, openAnswer, sealAnswer, storedKey } from './idempotency.ts';
import type { Actor } from './actor.ts';
import { Rejection, type UserError } from './user-error.ts';
import type { Context } from './context.ts';

/**
 * Runs a mutation in one transaction. A `Rejection` from the domain rolls everything back and
 * comes out as the payload's `userErrors`; any other error propagates (and is masked).
 */
export async function mutate<T extends object>(
  context: Context,
  work: (em: EntityManager, actor: Actor) => Promise<T>,
): Promise<(T & { userErrors: UserError[] }) | { userErrors: UserError[] }> {
  const actor = context.actor;
  if (!actor) throw new Error('mutate() needs the actor set by @auth');
  try {
    const result = await context.em.transactional((em) => work(em, actor));
    for (const loader of Object.values(context.loaders)) loader.clearAll();
    return { ...result, userErrors: [] };
  } catch (error) {
    if (error instanceof Rejection) return { userErrors: error.errors };
    throw error;
  }
}

const KEY_MAX = 100;

/** What a creating mutation gives mutateOnce: the created record's id, the payload, and (optionally) what to answer retries that only the first call knew. */
export interface Created<T> {
  id: string;
  result: T;
  /** Kept sealed under the key for ANSWER_RETENTION_MS and handed to `reread`; e.g. a generated password. */
  answer?: string | null;
}

/**
 * A creating mutation with an optional idempotency key: the first call creates and records the
 * key in the same transaction; a retry with the same key creates nothing and answers what the
 * caller would read of the record now (`reread`: through the request's loaders, so the record's
 * policy, with the caller's rights as they are now), or NOT_FOUND if they may no longer see it —
 * with, within ANSWER_RETENTION_MS, the answer the first call kept (null after that). The key is
 * the caller's own (scoped to the account): another caller's key is not theirs, and their call
 * with it creates their own record.
 */
export async function mutateOnce<T extends object>(
  context: Context,
  operation: string,
  key: string | null | undefined,
  create: (em: EntityManager, actor: Actor) => Promise<Created<T>>,
  reread: (id: string, answer: string | null) => Promise<T | null>,
): Promise<(T & { userErrors: UserError[] }) | { userErrors: UserError[] }> {
  let replayOf: { id: string; answer: string | null } | null = null;
  const outcome = await mutate(context, async (em, actor) => {
    if (!key || !actor.accountId) return (await create(em, actor)).result;
    if (key.length > KEY_MAX) throw new Rejection([{ field: ['input', 'idempotencyKey'], code: 'TOO_LONG', message: `Khóa idempotency dài tối đa ${KEY_MAX} ký tự.` }]);
    const owner = actor.accountId;
    const stored = storedKey(key);
    // Two concurrent calls with one key: the second waits, then finds the first one's record.
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`idempotency:${owner}:${stored}`]);
    const previous = await em.findOne(IdempotencyKey, { accountId: owner, key: stored });
    if (previous) {
      if (previous.operation !== operation) {
        throw new Rejection([{ field: ['input', 'idempotencyKey'], code: 'DUPLICATE', message: 'Khóa idempotency đã được dùng cho một thao tác khác.' }]);
      }
      const fresh = previous.answer && Date.now() - previous.createdAt.getTime() < ANSWER_RETENTION_MS;
      replayOf = { id: previous.resultId, answer: fresh ? openAnswer(key, owner, previous.answer!) : null };
      return {} as T;
    }
    const { id, result, answer } = await create(em, actor);
    em.create(IdempotencyKey, {
      accountId: owner,
      key: stored,
      organisation: actor.organisationId,
      operation,
      resultId: id,
      answer: answer ? sealAnswer(key, owner, answer) : null,
    });
    await em.flush();
    if (answer) await forgetOldAnswers(em);
    return result;
  });
  const replay = replayOf as { id: string; answer: string | null } | null;
  if (replay === null || outcome.userErrors.length > 0) return outcome;
  // Read after the transaction, as any query would: with the caller's rights now.
  const answer = await reread(replay.id, replay.answer);
  if (!answer) return { userErrors: [{ field: ['input', 'idempotencyKey'], code: 'NOT_FOUND', message: 'Bản ghi tạo bằng khóa idempotency này không tồn tại.' }] };
  return { ...answer, userErrors: [] };
}

/** A retried creation's answer (`reread`): the payload with the record as the caller may read it now, or nothing. */
export function payloadOf<K extends string, T>(field: K, record: T | null | undefined): { [P in K]: T } | null {
  return record ? ({ [field]: record } as { [P in K]: T }) : null;
}

/**
 * The usual creating mutation: `create` makes one record, answered as `{ [field]: record }`; a retry
 * with the same key answers it as read through `loader` now (its policy, the caller's current rights).
 */
export function createOnce<K extends string, R extends { id: string }>(
  context: Context,
  operation: string,
  key: string | null | undefined,
  field: K,
  loader: { load(id: string): Promise<R | null> },
  create: (em: EntityManager, actor: Actor) => Promise<R>,
) {
  return mutateOnce(
    context,
    operation,
    key,
    async (em, actor) => {
      const record = await create(em, actor);
      return { id: record.id, result: { [field]: record } as { [P in K]: R } };
    },
    async (id) => payloadOf(field, await loader.load(id)),
  );
}

/** Erases the answers kept past their retention (run whenever a new one is kept). */
export async function forgetOldAnswers(em: EntityManager, now = new Date()): Promise<number> {
  return em.nativeUpdate(
    IdempotencyKey,
    { answer: { $ne: null }, createdAt: { $lt: new Date(now.getTime() - ANSWER_RETENTION_MS) } },
    { answer: null },
    { filters: false },
  );
}

/** GraphQL sends null for an omitted optional field; the domain reads undefined as "unchanged". */
export function withoutNulls<T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as never;
}
