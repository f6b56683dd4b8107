import type { Connection } from '../../core/connection.ts';
import type { ArchiveRecordEntity, DestructionListEntity, HandOverItemEntity, HandOverListEntity } from './archive.ts';

/** What this area's resolvers hand GraphQL for types that are not entities (codegen `mappers`). */
export type HandOverListConnectionModel = Connection<HandOverListEntity>;
export type ArchiveRecordConnectionModel = Connection<ArchiveRecordEntity>;
export type DestructionListConnectionModel = Connection<DestructionListEntity>;
/** A work file on a list, numbered in the list's order. */
export interface HandOverEntryModel {
  ordinal: number;
  item: HandOverItemEntity;
}
