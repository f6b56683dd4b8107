import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from '../core/context.ts';
import { maskError } from '../core/errors.ts';
import { nestingOf, LIMITS, tooNested } from './limits.ts';

/**
 * Client mistakes answered as what they are (issue 22, point 3): a 4xx with a stable code, logged
 * as the client's doing (the request's log line), never as a fault of ours.
 */

/** Apollo's own refusals that it gives no code of their own (they read INTERNAL_SERVER_ERROR, with HTTP 400). */
const APOLLO_REFUSALS: [RegExp, string][] = [
  [/^provided sha does not match query$/, 'PERSISTED_QUERY_HASH_MISMATCH'],
  [/^Unsupported persisted query version$/, 'PERSISTED_QUERY_VERSION_UNSUPPORTED'],
];

function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof Error) || !('extensions' in error)) return undefined;
  const http = (error as GraphQLError).extensions?.['http'] as { status?: number } | undefined;
  return http?.status;
}

/** Apollo's formatError: our masking, and a stable code for Apollo's own 4xx refusals. */
export function formatError(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  const status = httpStatusOf(original);
  if (formatted.extensions?.['code'] === 'INTERNAL_SERVER_ERROR' && status !== undefined && status >= 400 && status < 500) {
    const code = APOLLO_REFUSALS.find(([message]) => message.test(formatted.message))?.[1] ?? 'BAD_REQUEST';
    return { message: formatted.message, extensions: { code } };
  }
  return maskError(formatted, original);
}

/** A subscription sent over HTTP: it has no stream there (graphql-ws on the same path has). */
export function subscriptionOverHttp(): GraphQLError {
  return new GraphQLError('Subscription chỉ nhận qua WebSocket (graphql-ws) trên cùng đường dẫn /graphql.', {
    extensions: { code: 'SUBSCRIPTION_OVER_HTTP', http: { status: 400 } },
  });
}

export const clientMistakesPlugin: ApolloServerPlugin<Context> = {
  requestDidStart: async () => ({
    didResolveOperation: async ({ operation }) => {
      if (operation?.operation === 'subscription') throw subscriptionOverHttp();
    },
  }),
};

/**
 * An HTTP GraphQL request nested too deep to parse safely, checked before Apollo parses it (its
 * hooks cannot refuse a source before parsing): the errors to answer with HTTP 400, or null.
 */
export function refuseBeforeParsing(body: unknown, search: string): { errors: GraphQLFormattedError[] } | null {
  const query = body && typeof body === 'object' && 'query' in body ? (body as { query: unknown }).query : new URLSearchParams(search).get('query');
  if (typeof query !== 'string' || nestingOf(query) <= LIMITS.nesting) return null;
  const error = tooNested();
  return { errors: [{ message: error.message, extensions: { code: error.extensions['code'], limit: LIMITS.nesting } }] };
}
