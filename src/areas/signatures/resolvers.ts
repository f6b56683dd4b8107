import { viewerOf } from '../../core/context.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { authorityOf, createOwnAuthority, crlUrlOf, importAuthority, issueSignerCertificate, renewCertificate, revokeCertificate } from './authority-service.ts';
import { signingCertificatePolicy } from './certificate-policy.ts';
import { canReadContent } from '../documents/public.ts';
import { DocumentSignature } from './document-signature.ts';
import { loadTrustStore } from './trust.ts';
import { verifyPdfSignatures } from './verify.ts';
import { keyProtectorFromEnvironment } from './key-protector.ts';
import { SigningCertificate } from './signing-certificate.ts';

/** The authority and its certificates over GraphQL: thin, every rule in authority-service.ts. */
const protector = () => keyProtectorFromEnvironment();

export const signatureResolvers: Resolvers = {
  Query: {
    signingAuthority: (_parent, _args, context) => authorityOf(context.em, viewerOf(context).organisationId),
    signingCertificates: (_parent, _args, context) => context.em.find(SigningCertificate, signingCertificatePolicy.visible(viewerOf(context)), { orderBy: { createdAt: 'desc', id: 'desc' } }),
  },
  Mutation: {
    createSigningAuthority: (_parent, _args, context) => mutate(context, async (em, actor) => ({ authority: await createOwnAuthority(em, actor, protector(), new Date()) })),
    importSigningAuthority: (_parent, { input }, context) => mutate(context, async (em, actor) => ({ authority: await importAuthority(em, actor, protector(), input, new Date()) })),
    issueSigningCertificate: (_parent, { input }, context) =>
      mutate(context, async (em, actor) => ({
        certificate: await issueSignerCertificate(
          em,
          actor,
          protector(),
          { kind: input.kind, holderId: optionalIdOf(input.holderId, 'Account', ['input', 'holderId']), validDays: input.validDays, publicKeyPem: input.publicKeyPem ?? null },
          new Date(),
        ),
      })),
    revokeSigningCertificate: (_parent, { input }, context) =>
      mutate(context, async (em, actor) => ({ certificate: await revokeCertificate(em, actor, protector(), idOf(input.certificateId, 'SigningCertificate', ['input', 'certificateId']), input.reason, new Date()) })),
    renewSigningCertificate: (_parent, { input }, context) =>
      mutate(context, async (em, actor) => ({
        certificate: await renewCertificate(em, actor, protector(), idOf(input.certificateId, 'SigningCertificate', ['input', 'certificateId']), input.validDays, input.publicKeyPem ?? null, new Date()),
      })),
  },
  Document: {
    signatures: async (document, _args, context) => {
      const viewer = viewerOf(context);
      if (!canReadContent(viewer, document)) return null;
      const signatures = await context.em.find(DocumentSignature, { document: document.id });
      const latest = signatures.find((signature) => signature.role === 'AGENCY') ?? signatures[0];
      if (!latest) return [];
      return verifyPdfSignatures(Buffer.from(latest.pdf), await loadTrustStore(context.em));
    },
  },
  SigningAuthority: {
    crlUrl: (authority) => crlUrlOf(authority.id),
  },
  SigningCertificate: {
    id: (certificate) => toGlobalId('SigningCertificate', certificate.id),
    holder: (certificate, _args, context) => (certificate.holder ? context.loaders.account.load(certificate.holder.id) : null),
    keyHolder: (certificate) => (certificate.sealedKey ? 'SERVER' : 'CLIENT'),
    status: (certificate) => (certificate.revokedAt ? 'REVOKED' : certificate.notAfter <= new Date() ? 'EXPIRED' : 'ACTIVE'),
  },
};
