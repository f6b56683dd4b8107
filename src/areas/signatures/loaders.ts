import DataLoader from 'dataloader';
import { visibleById, type LoadersOf, type Scope } from '../../core/loaders.ts';
import { signingCertificatePolicy } from './certificate-policy.ts';
import { DocumentSignature } from './document-signature.ts';
import { FileSignatureCheck, type FileSignatureCheckEntity } from './file-signature-check.ts';
import { SigningCertificate, type SigningCertificateEntity } from './signing-certificate.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures, type SignatureReport, type TrustStore } from './verify.ts';

/**
 * The reports of documents' signed files: one statement for the signatures of a page of documents
 * (the agency's, or else the leader's, PDF of each), and the trust store read once per request.
 * Callers ask only for documents whose content the viewer may read.
 */
function signatureReports({ em }: Scope) {
  let trust: Promise<TrustStore> | null = null;
  return new DataLoader<string, SignatureReport[]>(async (documentIds) => {
    const rows = await em.find(DocumentSignature, { document: { $in: [...documentIds] } }, { fields: ['document', 'role', 'pdf'] });
    trust ??= loadTrustStore(em);
    const store = await trust;
    return documentIds.map((id) => {
      const own = rows.filter((row) => row.document.id === id);
      const latest = own.find((row) => row.role === 'AGENCY') ?? own[0];
      return latest ? verifyPdfSignatures(Buffer.from(latest.pdf), store) : [];
    });
  });
}

export const signatureLoaders = {
  signingCertificate: visibleById<SigningCertificateEntity>(SigningCertificate, signingCertificatePolicy),
  signatureReportsOf: signatureReports,
  /** The arrival checks of incoming documents' files, by document (callers ask for documents whose content the viewer may read). */
  fileChecksOf: ({ em }: Scope) =>
    new DataLoader<string, FileSignatureCheckEntity[]>(async (documentIds) => {
      const rows = await em.find(FileSignatureCheck, { document: { $in: [...documentIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return documentIds.map((id) => rows.filter((row) => row.document.id === id));
    }),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof signatureLoaders> {}
}
