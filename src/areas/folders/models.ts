import type { Connection } from '../../core/connection.ts';
import type { FolderChangeRequestEntity, FolderEntity, FolderItemEntity, FolderRightChangeEntity, GranteeKind } from './folder.ts';
import type { TrashEntry } from './trash.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type FolderConnectionModel = Connection<FolderEntity>;
export type FolderItemConnectionModel = Connection<FolderItemEntity>;
export type FolderChangeRequestConnectionModel = Connection<FolderChangeRequestEntity>;
export type FolderRightChangeConnectionModel = Connection<FolderRightChangeEntity>;
export type FolderTrashEntryModel = TrashEntry;
/** An item's rights at a glance, resolved field by field. */
export interface FolderRightsSummaryModel {
  item: FolderItemEntity;
}
/** Who a grant is for: its kind and the account, unit or role it names. */
export interface FolderGranteeModel {
  kind: GranteeKind;
  accountId: string | null;
  unitId: string | null;
  role: string | null;
}
