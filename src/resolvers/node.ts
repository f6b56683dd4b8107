import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.ts';
import type { Context } from '../server/context.ts';
import { notFound } from '../server/errors.ts';
import { nodeTypeOf } from './accounts.ts';
import type { DocumentEntity } from '../domain/documents/document.ts';
import { viewDocument } from './documents.ts';
import { fromGlobalId, type NodeType } from './global-id.ts';

/** `node`/`nodes` by global id, each through the loader (and so the policy) of its type. */
async function loadNode(context: Context, globalId: string): Promise<object | null> {
  const decoded = fromGlobalId(globalId);
  if (!decoded) return null;
  const loaders: Record<NodeType, { load(id: string): Promise<object | null> }> = {
    Organisation: context.loaders.organisation,
    Unit: context.loaders.unit,
    Account: context.loaders.account,
    Delegation: context.loaders.delegation,
    AuditEntry: context.loaders.auditEntry,
    Register: context.loaders.register,
    Document: context.loaders.document,
    StoredFile: context.loaders.storedFile,
    Notice: context.loaders.noticeDelivery,
    Task: context.loaders.task,
    Assignment: context.loaders.assignment,
    WorkFile: context.loaders.workFile,
  };
  const node = await loaders[decoded.type].load(decoded.id);
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
