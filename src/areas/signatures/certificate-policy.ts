import type { FilterQuery } from '@mikro-orm/core';
import { authorityFor } from '../../core/viewer.ts';
import { NOTHING, type RecordPolicy } from '../../core/policy.ts';
import type { SigningCertificateEntity } from './signing-certificate.ts';

/** Certificates are kept by the organisation's IT officers; no one else sees them (signers see their own signatures' reports). */
export const signingCertificatePolicy: RecordPolicy<SigningCertificateEntity> = {
  visible(viewer) {
    if (!authorityFor(viewer, ['IT_OFFICER']).allowed) return NOTHING as FilterQuery<SigningCertificateEntity>;
    return { organisation: viewer.organisationId } as FilterQuery<SigningCertificateEntity>;
  },
  canSee: (viewer, certificate) => authorityFor(viewer, ['IT_OFFICER']).allowed && certificate.organisation.id === viewer.organisationId,
};
