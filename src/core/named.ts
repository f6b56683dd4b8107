import type DataLoader from 'dataloader';
import { reject } from './user-error.ts';
import { idOf, type NodeType } from './ids.ts';

/**
 * The id of a record a mutation's input names, if the viewer may see it (`loader` reads through the
 * record's policy): one they may not see is answered as a missing one, before any rule is checked,
 * so that "not your turn" or "wrong state" never tells that it exists. A userError on `field`.
 */
export async function namedRecordId<T>(loader: DataLoader<string, T | null>, globalId: string, type: NodeType, field: string[], message: string): Promise<string> {
  const id = idOf(globalId, type, field);
  if (!(await loader.load(id))) reject(field, 'NOT_FOUND', message);
  return id;
}
