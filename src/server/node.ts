import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from './context.ts';
import { notFound } from '../core/errors.ts';
import type { Loaders } from './loaders.ts';
import { nodeTypeOf } from '../areas/accounts/resolvers.ts';
import type { DocumentEntity } from '../areas/documents/document.ts';
import { viewDocument } from '../areas/documents/resolvers.ts';
import { fromGlobalId, type NodeType } from '../core/ids.ts';

/** The loader of each node type (made only when asked for: see server/loaders.ts). */
const LOADER_OF: Record<NodeType, (loaders: Loaders) => { load(id: string): Promise<object | null> }> = {
  Organisation: (loaders) => loaders.organisation,
  Unit: (loaders) => loaders.unit,
  Account: (loaders) => loaders.account,
  Delegation: (loaders) => loaders.delegation,
  AuditEntry: (loaders) => loaders.auditEntry,
  Register: (loaders) => loaders.register,
  Document: (loaders) => loaders.document,
  StoredFile: (loaders) => loaders.storedFile,
  Notice: (loaders) => loaders.noticeDelivery,
  Task: (loaders) => loaders.task,
  Assignment: (loaders) => loaders.assignment,
  WorkFile: (loaders) => loaders.workFile,
};

/** `node`/`nodes` by global id, each through the loader (and so the policy) of its type. */
async function loadNode(context: Context, globalId: string): Promise<object | null> {
  const decoded = fromGlobalId(globalId);
  if (!decoded) return null;
  const node = await LOADER_OF[decoded.type](context.loaders).load(decoded.id);
  // Reading a document by id is a view, kept in its access history.
  return node && decoded.type === 'Document' ? viewDocument(context, node as DocumentEntity) : node;
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
