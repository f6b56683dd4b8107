import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { BlobStore } from '../../core/blob-store.ts';
import { readBytes } from '../../core/blob-bytes.ts';
import { forkForOrganisation } from '../../core/context.ts';
import { Account } from '../accounts/public.ts';
import { Document, reportDeliveryProblem, type IncomingFilesAttached } from '../documents/public.ts';
import { sendSystemNotice } from '../notices/public.ts';
import { FileSignatureCheck, type FileCheckStatus, type FileSignatureCheckEntity } from './file-signature-check.ts';
import { incomingSignatureInvalid } from './incoming-hooks.ts';
import { isPdf } from './pdf-update.ts';
import { serverStoreOf } from './server-store.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures, type SignatureReport } from './verify.ts';
import { reportJson } from './verify-route.ts';

/**
 * Every file that comes into an incoming document is checked (issue 16 point 6): each PDF's
 * signatures are verified in the transaction that attaches it, the verdict kept with the file,
 * and an invalid one told to the clerk (the registering clerk, or the organisation's clerks for a
 * copy that arrived by itself) and to the areas listening for it (the sender's side). A check
 * the server could not make then (no store at hand) stays PENDING for the sweep job.
 */
function verdictOf(reports: readonly SignatureReport[]): FileCheckStatus {
  if (reports.length === 0) return 'UNSIGNED';
  if (reports.some((report) => report.status === 'INVALID')) return 'INVALID';
  if (reports.some((report) => report.status === 'INDETERMINATE')) return 'INDETERMINATE';
  return 'VALID';
}

export async function checkIncomingFiles(em: EntityManager, change: IncomingFilesAttached, now = new Date()): Promise<void> {
  // The same stored file attached again (a version re-added) keeps its first check.
  const checked = new Set((await em.find(FileSignatureCheck, { document: change.documentId, file: { $in: change.files.map((file) => file.id) } }, { fields: ['file'], filters: false })).map((check) => check.file.id));
  const checks = change.files.filter((file) => !checked.has(file.id)).map((file) =>
    em.create(FileSignatureCheck, { organisation: change.organisationId, document: change.documentId, file: file.id, fileName: file.fileName, sha256: file.sha256, status: 'PENDING' }),
  );
  if (checks.length === 0) return;
  await em.flush();
  const store = serverStoreOf(em);
  if (store) await runChecks(em, store, checks, change.actor?.accountId ?? null, now);
}

/** Verifies the checks given (all of one document), keeps the verdicts, and tells of the invalid ones. */
async function runChecks(em: EntityManager, store: BlobStore, checks: readonly FileSignatureCheckEntity[], clerkId: string | null, now: Date): Promise<number> {
  const trust = await loadTrustStore(em);
  const invalid: FileSignatureCheckEntity[] = [];
  for (const check of checks) {
    const bytes = await readBytes(store, check.sha256);
    // Bytes not (yet) in the store: left PENDING for the next sweep.
    if (!bytes) continue;
    const reports = isPdf(bytes) ? verifyPdfSignatures(bytes, trust) : null;
    check.status = reports ? verdictOf(reports) : 'NOT_PDF';
    check.reports = (reports ?? []).map(reportJson);
    check.checkedAt = now;
    if (check.status === 'INVALID') invalid.push(check);
  }
  await em.flush();
  if (invalid.length === 0) return 0;
  const organisationId = invalid[0]!.organisation.id;
  const documentId = invalid[0]!.document.id;
  const clerks = clerkId
    ? [clerkId]
    : (await em.find(Account, { organisation: organisationId, roles: { $contains: ['CLERK'] }, status: 'ACTIVE' } as never, { fields: ['id'], filters: false })).map((account) => (account as { id: string }).id);
  const names = invalid.map((check) => `"${check.fileName}"`).join(', ');
  await sendSystemNotice(em, organisationId, { kind: 'SIGNATURE_INVALID', text: `Chữ ký số trên tệp ${names} của văn bản đến không hợp lệ: cần xác minh với nơi gửi trước khi xử lý.`, recipients: clerks, documentId });
  const document = await em.findOneOrFail(Document, { id: documentId }, { filters: false });
  // A copy sent through the system: its sender sees the problem in its delivery status.
  if (document.sourceDocument) await reportDeliveryProblem(em, documentId, `Chữ ký số không hợp lệ trên tệp ${names}.`);
  await incomingSignatureInvalid(em, {
    organisationId,
    documentId,
    sourceDocumentId: document.sourceDocument?.id ?? null,
    files: invalid.map((check) => ({ fileName: check.fileName, explanations: (check.reports as { explanation: string; status: string }[]).filter((report) => report.status === 'INVALID').map((report) => report.explanation) })),
  });
  return invalid.length;
}

/** The sweep: the checks still PENDING (made without a store at hand, or whose bytes came late), document by document. */
export async function runPendingChecks(orm: MikroORM, store: BlobStore, now = new Date()): Promise<{ checked: number }> {
  const pending = await orm.em.fork().find(FileSignatureCheck, { status: 'PENDING' }, { filters: false, orderBy: { createdAt: 'asc' }, limit: 200 });
  const byDocument = new Map<string, { organisationId: string; ids: string[] }>();
  for (const check of pending) {
    const entry = byDocument.get(check.document.id) ?? { organisationId: check.organisation.id, ids: [] };
    entry.ids.push(check.id);
    byDocument.set(check.document.id, entry);
  }
  let checked = 0;
  for (const { organisationId, ids } of byDocument.values()) {
    await forkForOrganisation(orm, organisationId).transactional(async (em) => {
      const checks = await em.find(FileSignatureCheck, { id: { $in: ids }, status: 'PENDING' });
      await runChecks(em, store, checks, null, now);
      checked += checks.filter((check) => check.status !== 'PENDING').length;
    });
  }
  return { checked };
}
