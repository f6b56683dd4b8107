import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Document } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { SigningCertificate } from './signing-certificate.ts';

/**
 * A signature applied to the main file of an outgoing document (seed 004 Art. 13–14): first the
 * approving leader's, then the agency's when the clerk issues it. Each keeps the whole signed PDF
 * as it stood after that signature (an incremental update of the one before), so the leader's
 * version stays provable after the agency's is added.
 */
export const SIGNATURE_ROLES = ['LEADER', 'AGENCY'] as const;
export type SignatureRole = (typeof SIGNATURE_ROLES)[number];

export const DocumentSignature = defineEntity({
  name: 'DocumentSignature',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    role: p.enum(SIGNATURE_ROLES),
    /** The uploaded main file the signatures are over (a new version needs a new signature). */
    sourceFile: () => p.manyToOne(StoredFile).ref(),
    certificate: () => p.manyToOne(SigningCertificate).ref(),
    /** Who signed (the leader; for the agency's signature, the clerk who issued). */
    signer: () => p.manyToOne(Account).ref(),
    /** The leader whose delegation a deputy signed under. */
    onBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    signedAt: p.datetime(),
    pdf: p.blob(),
    sha256: p.string().length(64),
  },
  uniques: [{ properties: ['document', 'role'] }],
});
export type DocumentSignatureEntity = InferEntity<typeof DocumentSignature>;
