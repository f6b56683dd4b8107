import type { EntityManager } from '@mikro-orm/postgresql';
import type { BlobStore } from '../../core/blob-store.ts';
import { readBytes } from '../../core/blob-bytes.ts';
import { canDownload } from '../../core/file-access.ts';
import type { Viewer } from '../../core/viewer.ts';
import { StoredFile } from '../files/public.ts';
import { isPdf } from './pdf-update.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures, type SignatureReport } from './verify.ts';

/**
 * The verification report of a stored file, for GET /signatures/files/<id> and the
 * `verifySignatures` query alike: null when the viewer may not download the file (the rule of
 * GET /files/<id>), exactly as when it does not exist; `pdf: false` and no signatures for a file
 * that is not a PDF.
 */
export type FileReport = { pdf: boolean; signatures: SignatureReport[] } | null;

export class FileUnavailable extends Error {}

export async function fileReport(em: EntityManager, store: BlobStore, viewer: Viewer, fileId: string | null): Promise<FileReport> {
  const file = fileId ? await em.findOne(StoredFile, { id: fileId }) : null;
  if (!file || !(await canDownload(em, viewer, file))) return null;
  const bytes = await readBytes(store, file.sha256);
  if (!bytes) throw new FileUnavailable(`the bytes of file ${file.id} are missing`);
  if (!isPdf(bytes)) return { pdf: false, signatures: [] };
  return { pdf: true, signatures: verifyPdfSignatures(bytes, await loadTrustStore(em)) };
}
