import { GraphQLError } from 'graphql';
import { notFound } from './errors.ts';
import { Rejection } from './user-error.ts';

/**
 * A query or a subscription has no `userErrors`: a `Rejection` from the domain or from the id
 * decoder (ids.ts) comes out as a top-level error instead — NOT_FOUND when what it names is not
 * found (a malformed id reads exactly as the id of a record that does not exist), BAD_USER_INPUT
 * naming the argument otherwise. Applied to every Query and Subscription root field (directive.ts).
 */
export function asQueryError(error: unknown): unknown {
  if (!(error instanceof Rejection)) return error;
  const [first] = error.errors;
  if (!first || first.code === 'NOT_FOUND' || first.code === 'INVALID_UNIT') return notFound();
  return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT', argument: first.field?.join('.') ?? null } });
}

/** `run` with its rejections (thrown or as a rejected promise) turned into query errors. */
export function withQueryErrors<T>(run: () => T): T | Promise<Awaited<T>> {
  try {
    const result = run();
    return result instanceof Promise ? (result.catch((error: unknown) => Promise.reject(asQueryError(error))) as Promise<Awaited<T>>) : result;
  } catch (error) {
    throw asQueryError(error);
  }
}
