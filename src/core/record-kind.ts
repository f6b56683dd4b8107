import type { EntityName } from '@mikro-orm/core';
import type { NodeType } from './ids.ts';
import type { RecordPolicy } from './policy.ts';
import type { SharedRows } from './shared-rows.ts';
import type { Viewer } from './viewer.ts';

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
  /**
   * As the part a change of another record is about (a folder's item): whether the viewer may see
   * it, as it is or as it was just before (an item just put in the trash). The policy's `canSee`
   * when absent.
   */
  seesAsPart?: (viewer: Viewer, record: E) => boolean;
}
