import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LIMITS, nestingOf, PARSE_OPTIONS, tooNested, validateWithLimits } from './limits.ts';

const MAX_ENTRIES = 200;
const MAX_CACHED_TEXT = 8 * 1024;

/**
 * Operations over WebSocket, parsed and validated (with the limits) once per text: thousands of
 * clients of one app send the same few subscriptions, and each parse costs time and keeps its
 * own syntax tree for as long as the subscription lives. Only valid documents are kept, small
 * ones, at most MAX_ENTRIES, the oldest dropped first. Documents are never modified, so sharing is safe.
 */
export function parsedOperations(schema: GraphQLSchema): (query: string) => DocumentNode | readonly GraphQLError[] {
  const cache = new Map<string, DocumentNode>();
  return (query) => {
    const cached = cache.get(query);
    if (cached) return cached;
    if (typeof query !== 'string') return [new GraphQLError('Truy vấn phải là chuỗi.', { extensions: { code: 'BAD_REQUEST' } })];
    if (nestingOf(query) > LIMITS.nesting) return [tooNested()];
    let document: DocumentNode;
    try {
      document = parse(query, PARSE_OPTIONS);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Truy vấn không hợp lệ.')];
    }
    const errors = validateWithLimits(schema, document);
    if (errors.length > 0) return errors;
    if (query.length <= MAX_CACHED_TEXT) {
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(query, document);
    }
    return document;
  };
}
