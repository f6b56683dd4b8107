import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { applyAuthDirectives } from '../core/directive.ts';
import { modules } from '../modules.ts';
import { nodeResolvers } from './node.ts';
import type { Context } from '../core/context.ts';

/** The SDL of the core and of every area, in the modules' order. */
export function readTypeDefs(): string[] {
  return modules.flatMap((module) => module.typeDefs);
}

/** The executable schema: SDL and resolvers of every area, and the @auth rules wrapped around them. */
export function buildSchema(typeDefs: string[] = readTypeDefs()): GraphQLSchema {
  const resolvers = [nodeResolvers, ...modules.flatMap((module) => module.resolvers)];
  return applyAuthDirectives(makeExecutableSchema<Context>({ typeDefs, resolvers: resolvers as never, inheritResolversFromInterfaces: true }));
}
