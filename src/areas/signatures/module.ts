import { sdlOf, type AreaModule } from '../../core/module.ts';
import { onDocumentIssued, onDocumentIssuing } from '../documents/public.ts';
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

const entities = [SigningAuthority, SigningCertificate, DocumentSignature, SignaturePreparation];

// Seed 004 Art. 13: no unsigned outgoing document leaves once the organisation signs digitally;
// the agency's signature is applied with the number, in the issue's transaction.
onDocumentIssuing((em, { actor, document, now }) => refuseUnsignedIssue(em, actor, document, now));
onDocumentIssued((em, { actor, document, now }) => applyAgencySignature(em, actor, keyProtectorFromEnvironment(), document, now));

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
};
