import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { costRule } from './cost.ts';
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Limits on every operation, over HTTP and WebSocket alike. The rules report an ordinary
 * validation error instead of throwing (their default), which would turn a hostile query into a
 * 500 over HTTP and close the whole socket over WebSocket.
 */
export const LIMITS = { depth: 10, aliases: 15, nesting: 64, tokens: 10_000 } as const;

const report = {
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export const limitRules: ValidationRule[] = [
  maxDepthRule({ ...report, n: LIMITS.depth }),
  maxAliasesRule({ ...report, n: LIMITS.aliases }),
];

export function validateWithLimits(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...limitRules, costRule]);
}

/**
 * How deep brackets (`{`, `[`, `(`) nest in an operation's text, read before it is parsed (issue
 * 22, point 3): graphql-js parses and validates recursively, so a few thousand nested inline
 * fragments or list values overflowed the stack, answered as a server error (HTTP 500). Strings,
 * block strings and comments are skipped. Stops counting past `limit`.
 */
export function nestingOf(source: string, limit: number = LIMITS.nesting): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source.charCodeAt(i);
    if (char === 0x23 /* # */) {
      while (i < source.length && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i += 1;
    } else if (char === 0x22 /* " */) {
      if (source.startsWith('"""', i)) {
        const end = source.indexOf('"""', i + 3);
        // Escaped triple quotes inside a block string: \"""
        let close = end;
        while (close > 0 && source.charCodeAt(close - 1) === 0x5c) close = source.indexOf('"""', close + 3);
        i = close < 0 ? source.length : close + 2;
      } else {
        for (i += 1; i < source.length; i += 1) {
          const inner = source.charCodeAt(i);
          if (inner === 0x5c /* \ */) i += 1;
          else if (inner === 0x22 || inner === 0x0a || inner === 0x0d) break;
        }
      }
    } else if (char === 0x7b || char === 0x5b || char === 0x28) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if ((char === 0x7d || char === 0x5d || char === 0x29) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/** The error of an operation nested too deep to be parsed safely: a client's mistake (HTTP 400). */
export function tooNested(): GraphQLError {
  return new GraphQLError(`Truy vấn lồng quá sâu (tối đa ${LIMITS.nesting} cấp ngoặc).`, {
    extensions: { code: 'QUERY_TOO_NESTED', limit: LIMITS.nesting, http: { status: 400 } },
  });
}

/** Options for graphql's parse over HTTP and WebSocket alike: a query of more tokens is refused unread. */
export const PARSE_OPTIONS = { maxTokens: LIMITS.tokens } as const;
