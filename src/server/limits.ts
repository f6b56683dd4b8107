import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { specifiedRules, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Limits on every operation, over HTTP and WebSocket alike. The rules report an ordinary
 * validation error instead of throwing (their default), which would turn a hostile query into a
 * 500 over HTTP and close the whole socket over WebSocket.
 */
export const LIMITS = { depth: 10, aliases: 15, cost: 5000 } as const;

const report = {
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export const limitRules: ValidationRule[] = [
  maxDepthRule({ ...report, n: LIMITS.depth }),
  maxAliasesRule({ ...report, n: LIMITS.aliases }),
  costLimitRule({ ...report, maxCost: LIMITS.cost }),
];

export function validateWithLimits(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...limitRules]);
}
