import type { EntityName } from '@mikro-orm/core';
import type { NodeType } from './ids.ts';
import type { RecordPolicy } from './policy.ts';
import type { SharedRows } from './shared-rows.ts';

/**
 * A record one may subscribe to the changes of: its node type (the `recordType` of its change
 * events), how to read it, who may see it. Each area declares its own in its module.
 */
export interface RecordKind<E extends { id: string }> {
  type: NodeType;
  entity: EntityName<E>;
  policy: RecordPolicy<E>;
  /** Rows its policy's `canSee` needs besides the record itself, read with it (same batch). */
  alongside?: (record: E, rows: SharedRows) => Promise<unknown>;
}
