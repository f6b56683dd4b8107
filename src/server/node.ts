import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from '../core/context.ts';
import { notFound } from '../core/errors.ts';
import { nodeTypeOf } from '../areas/accounts/resolvers.ts';
import { fromGlobalId, NODE_TYPES, type NodeType } from '../core/ids.ts';
import type { NodeReader } from '../core/module.ts';
import { modules } from '../modules.ts';

/** How each node type is read, from the module that owns it. */
const READER_OF = Object.assign({}, ...modules.map((module) => module.nodes ?? {})) as Record<NodeType, NodeReader>;
// Checked at start: a node type no module reads would answer `node(id:)` with an exception.
const unread = NODE_TYPES.filter((type) => !READER_OF[type]);
if (unread.length > 0) throw new Error(`No module reads the node types ${unread.join(', ')}.`);

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
