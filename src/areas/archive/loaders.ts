import DataLoader from 'dataloader';
import { childrenOf, visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { WorkFile, type WorkFileEntity } from '../workfiles/public.ts';
import { archiveRecordPolicy, destructionListPolicy, handOverListPolicy } from './archive-policy.ts';
import { ArchiveRecord, DestructionItem, DestructionList, HandOverItem, HandOverList, type ArchiveRecordEntity, type DestructionListEntity, type HandOverListEntity } from './archive.ts';

export const archiveLoaders = {
  handOverList: visibleById<HandOverListEntity>(HandOverList, handOverListPolicy),
  archiveRecord: visibleById<ArchiveRecordEntity>(ArchiveRecord, archiveRecordPolicy),
  destructionList: visibleById<DestructionListEntity>(DestructionList, destructionListPolicy),
  /** Of lists the caller has checked: their items in order. */
  handOverItems: childrenOf(HandOverItem, 'list', { ordinal: 'asc', id: 'asc' }),
  /** Of destruction lists the caller has checked: their items with the records. */
  destructionItems: childrenOf(DestructionItem, 'list', { id: 'asc' }, ['record']),
  /**
   * The metadata rows of work files on a list or in the archive the caller has checked: the list's
   * or record's rule, not the file's, says who reads these few fields (code, title, retention, dates).
   */
  listedWorkFile: ({ em }: Scope) =>
    new DataLoader<string, WorkFileEntity | null>(async (ids) => {
      const rows = await em.find(WorkFile, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof archiveLoaders> {}
}
