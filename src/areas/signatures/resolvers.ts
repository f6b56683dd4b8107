import { viewerOf } from '../../core/context.ts';
import { idOf, optionalIdOf, toGlobalId } from '../../core/ids.ts';
import { mutate } from '../../core/mutate.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { authorityOf, createOwnAuthority, crlUrlOf, importAuthority, issueSignerCertificate, renewCertificate, revokeCertificate } from './authority-service.ts';
import { signingCertificatePolicy } from './certificate-policy.ts';
import { canReadContent } from '../documents/public.ts';
import { notFound } from '../../core/errors.ts';
import { fileReport } from './file-report.ts';
import { setSignedIssueRequired } from './issue-setting-service.ts';
import { serverStoreOf } from './server-store.ts';
import { keyProtectorFromEnvironment } from './key-protector.ts';
import { SigningCertificate } from './signing-certificate.ts';

/** The authority and its certificates over GraphQL: thin, every rule in authority-service.ts. */
const protector = () => keyProtectorFromEnvironment();

export const signatureResolvers: Resolvers = {
  Query: {
    signingAuthority: (_parent, _args, context) => authorityOf(context.em, viewerOf(context).organisationId),
    signingCertificates: (_parent, _args, context) => context.em.find(SigningCertificate, signingCertificatePolicy.visible(viewerOf(context)), { orderBy: { createdAt: 'desc', id: 'desc' } }),
    verifySignatures: async (_parent, { fileId }, context) => {
      const store = serverStoreOf(context.em);
      if (!store) throw new Error('no blob store at hand: the signatures.server-store listener is not running');
      const report = await fileReport(context.em, store, viewerOf(context), idOf(fileId, 'StoredFile', ['fileId']));
      // A file one may not download reads exactly as one that does not exist (and as a malformed id).
      if (!report) throw notFound();
      return report;
    },
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
    setSignedIssueRequired: (_parent, { input }, context) => mutate(context, async (em, actor) => ({ requireSignedIssue: await setSignedIssueRequired(em, actor, input.required) })),
  },
  Document: {
    signatures: (document, _args, context) => (canReadContent(viewerOf(context), document) ? context.loaders.signatureReportsOf.load(document.id) : null),
    signatureAlert: async (document, _args, context) => {
      if (!canReadContent(viewerOf(context), document)) return null;
      return (await context.loaders.fileChecksOf.load(document.id)).some((check) => check.status === 'INVALID');
    },
  },
  DocumentFile: {
    signatureCheck: async (documentFile, _args, context) => (await context.loaders.fileChecksOf.load(documentFile.document.id)).find((check) => check.file.id === documentFile.file.id) ?? null,
  },
  FileSignatureCheck: {
    signatures: (check) => (check.reports as { signedAt: string | null }[]).map((report) => ({ ...report, signedAt: report.signedAt ? new Date(report.signedAt) : null })) as never,
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
