import { NODE_TYPES, type NodeType } from '../core/ids.ts';
import type { Loaders } from '../core/loaders.ts';
import type { NodeReader } from '../core/module.ts';
import { modules } from '../modules.ts';

/** How each node type is read, from the module that owns it. */
export const READER_OF = Object.assign({}, ...modules.map((module) => module.nodes ?? {})) as Record<NodeType, NodeReader>;
// Checked at start: a node type no module reads would answer `node(id:)` with an exception.
const unread = NODE_TYPES.filter((type) => !READER_OF[type]);
if (unread.length > 0) throw new Error(`No module reads the node types ${unread.join(', ')}.`);

/** Whether the loaders' viewer may see a record of any node type: through its type's loader, so its policy (no view is recorded). */
export async function seesNode(loaders: Loaders, type: NodeType, id: string): Promise<boolean> {
  const reader = READER_OF[type];
  return Boolean(reader && (await reader.loader(loaders).load(id)));
}
