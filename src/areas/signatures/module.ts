import { sdlOf, type AreaModule } from '../../core/module.ts';
import { onDocumentIssued, onDocumentIssuing, onIncomingFilesAttached } from '../documents/public.ts';
import { checkIncomingFiles, runPendingChecks } from './incoming-check-service.ts';
import { FileSignatureCheck } from './file-signature-check.ts';
import { serverStoreListener } from './server-store.ts';
import { sweepPreparations } from './sweep.ts';
import { applyAgencySignature, refuseUnsignedIssue } from './document-signing-service.ts';
import { DocumentSignature } from './document-signature.ts';
import { keyProtectorFromEnvironment } from './key-protector.ts';
import { signRoute } from './sign-route.ts';
import { SignaturePreparation } from './signature-preparation.ts';
import { signedFileRoute } from './signed-file-route.ts';
import { crlRoute } from './crl-route.ts';
import { fileReportRoute } from './file-report-route.ts';
import { signatureLoaders } from './loaders.ts';
import { signatureResolvers } from './resolvers.ts';
import { SigningAuthority, SigningCertificate } from './signing-certificate.ts';
import { verifyRoute } from './verify-route.ts';

const entities = [SigningAuthority, SigningCertificate, DocumentSignature, SignaturePreparation, FileSignatureCheck];

// Seed 004 Art. 13: no unsigned outgoing document leaves once the organisation signs digitally;
// the agency's signature is applied with the number, in the issue's transaction.
onDocumentIssuing((em, { actor, document, now }) => refuseUnsignedIssue(em, actor, document, now));
onDocumentIssued((em, { actor, document, now }) => applyAgencySignature(em, actor, keyProtectorFromEnvironment(), document, now));
// Every file coming into an incoming document is verified on arrival (issue 16 point 6).
onIncomingFilesAttached((em, change) => checkIncomingFiles(em, change));

/** Digital signatures (seed 004 Art. 13–14, seed 000 Art. 5): the organisation's CA, its certificates and CRL, signing and verifying PDFs. */
export const signaturesModule: AreaModule = {
  name: 'signatures',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [signatureResolvers],
  entities,
  tenantEntities: entities,
  loaders: signatureLoaders,
  nodes: { SigningCertificate: { loader: (loaders) => loaders.signingCertificate } },
  httpRoutes: [crlRoute, verifyRoute, signRoute, signedFileRoute, fileReportRoute],
  listeners: [serverStoreListener],
  // Expired preparations are deleted; the arrival checks left PENDING are made.
  jobs: [
    {
      queue: 'signatures-sweep',
      cron: '*/5 * * * *',
      cronVariable: 'JOBS_SIGNATURES_CRON',
      retryDelaySeconds: 60,
      expireInSeconds: 900,
      run: async ({ orm, store }) => ({ ...(await sweepPreparations(orm)), ...(await runPendingChecks(orm, store)) }),
    },
  ],
};
