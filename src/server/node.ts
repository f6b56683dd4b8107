import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from '../core/context.ts';
import { notFound } from '../core/errors.ts';
import { nodeTypeOf } from '../areas/accounts/resolvers.ts';
import { fromGlobalId } from '../core/ids.ts';

import { READER_OF } from './node-readers.ts';

/** `node`/`nodes` by global id, each through the loader (and so the policy) of its type. */
async function loadNode(context: Context, globalId: string): Promise<object | null> {
  const decoded = fromGlobalId(globalId);
  if (!decoded) return null;
  const reader = READER_OF[decoded.type];
  const node = await reader.loader(context.loaders).load(decoded.id);
  return node && reader.read ? reader.read(context, node as never) : node;
}

export const nodeResolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Query: {
    node: async (_, { id }, context) => {
      const node = await loadNode(context, id);
      if (!node) throw notFound();
      return node as never;
    },
    nodes: async (_, { ids }, context) => {
      if (ids.length > 100) throw notFound();
      return (await Promise.all(ids.map((id) => loadNode(context, id)))) as never;
    },
  },
  Node: {
    __resolveType: (node) => nodeTypeOf(node) as never,
  },
};
