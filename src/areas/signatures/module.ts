import { sdlOf, type AreaModule } from '../../core/module.ts';
import { crlRoute } from './crl-route.ts';
import { signatureLoaders } from './loaders.ts';
import { signatureResolvers } from './resolvers.ts';
import { SigningAuthority, SigningCertificate } from './signing-certificate.ts';
import { verifyRoute } from './verify-route.ts';

const entities = [SigningAuthority, SigningCertificate];

/** Digital signatures (seed 004 Art. 13–14, seed 000 Art. 5): the organisation's CA, its certificates and CRL, signing and verifying PDFs. */
export const signaturesModule: AreaModule = {
  name: 'signatures',
  typeDefs: sdlOf(import.meta.url),
  resolvers: [signatureResolvers],
  entities,
  tenantEntities: entities,
  loaders: signatureLoaders,
  nodes: { SigningCertificate: { loader: (loaders) => loaders.signingCertificate } },
  httpRoutes: [crlRoute, verifyRoute],
};
