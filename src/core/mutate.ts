import type { EntityManager } from '@mikro-orm/postgresql';
import { IdempotencyKey } from './idempotency.ts';
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

/**
 * A creating mutation with an optional idempotency key: the first call creates and records the
 * key in the same transaction; a retry with the same key returns what the first one created.
 */
export async function mutateOnce<T extends object>(
  context: Context,
  operation: string,
  key: string | null | undefined,
  create: (em: EntityManager, actor: Actor) => Promise<{ id: string; result: T }>,
  replay: (em: EntityManager, id: string) => Promise<T>,
) {
  return mutate(context, async (em, actor) => {
    if (!key) return (await create(em, actor)).result;
    if (key.length > KEY_MAX) throw new Rejection([{ field: ['input', 'idempotencyKey'], code: 'TOO_LONG', message: `Khóa idempotency dài tối đa ${KEY_MAX} ký tự.` }]);
    const owner = actor.accountId as string;
    // Two concurrent calls with one key: the second waits, then finds the first one's record.
    await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`idempotency:${owner}:${key}`]);
    const previous = await em.findOne(IdempotencyKey, { accountId: owner, key });
    if (previous) {
      if (previous.operation !== operation) {
        throw new Rejection([{ field: ['input', 'idempotencyKey'], code: 'DUPLICATE', message: 'Khóa idempotency đã được dùng cho một thao tác khác.' }]);
      }
      return replay(em, previous.resultId);
    }
    const { id, result } = await create(em, actor);
    em.create(IdempotencyKey, { accountId: owner, key, organisation: actor.organisationId, operation, resultId: id });
    await em.flush();
    return result;
  });
}

/** GraphQL sends null for an omitted optional field; the domain reads undefined as "unchanged". */
export function withoutNulls<T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)) as never;
}
