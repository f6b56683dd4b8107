import { makeExecutableSchema } from '@graphql-tools/schema';
import { readdirSync, readFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { applyAuthDirectives } from '../auth/directive.ts';
import { resolvers } from '../resolvers/index.ts';
import type { Context } from './context.ts';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url);

export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(new URL(file, SCHEMA_DIR), 'utf8'));
}

/** The executable schema: SDL from schema/, resolvers, and the @auth rules wrapped around them. */
export function buildSchema(typeDefs: string[] = readTypeDefs()): GraphQLSchema {
  return applyAuthDirectives(makeExecutableSchema<Context>({ typeDefs, resolvers: resolvers as never, inheritResolversFromInterfaces: true }));
}
