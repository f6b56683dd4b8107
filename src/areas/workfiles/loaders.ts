import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { documentPolicy } from '../documents/public.ts';
import { WorkFile, WorkFileDocument, type WorkFileDocumentEntity, type WorkFileEntity } from './work-file.ts';
import { visibleLinks } from './work-file-contents.ts';
import { workFilePolicy } from './work-file-policy.ts';

export const workFileLoaders = {
  workFile: visibleById<WorkFileEntity>(WorkFile, workFilePolicy),
  /** The documents of each work file that the viewer may see, in the file's order, in one query. */
  workFileLinks: ({ em, viewer }: Scope) =>
    new DataLoader<string, WorkFileDocumentEntity[]>(async (fileIds) => {
      if (!viewer) return fileIds.map(() => []);
      const rows = await visibleLinks(em, fileIds, documentPolicy.visible(viewer));
      return fileIds.map((id) => rows.filter((row) => row.workFile.id === id));
    }),
  /** The work files the viewer may see that hold each document. */
  documentWorkFiles: ({ em, viewer }: Scope) =>
    new DataLoader<string, WorkFileEntity[]>(async (documentIds) => {
      if (!viewer) return documentIds.map(() => []);
      const rows = await em.find(
        WorkFileDocument,
        { document: { $in: [...documentIds] }, workFile: workFilePolicy.visible(viewer) } as never,
        { populate: ['workFile'], orderBy: { workFile: { createdAt: 'desc', id: 'desc' } } },
      );
      return documentIds.map((id) => rows.filter((row) => row.document.id === id).map((row) => row.workFile.getEntity()));
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof workFileLoaders> {}
}
