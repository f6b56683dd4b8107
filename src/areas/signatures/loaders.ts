import { visibleById, type LoadersOf } from '../../core/loaders.ts';
import { signingCertificatePolicy } from './certificate-policy.ts';
import { SigningCertificate, type SigningCertificateEntity } from './signing-certificate.ts';

export const signatureLoaders = {
  signingCertificate: visibleById<SigningCertificateEntity>(SigningCertificate, signingCertificatePolicy),
};

declare module '../../core/loaders.ts' {
  interface Loaders extends LoadersOf<typeof signatureLoaders> {}
}
