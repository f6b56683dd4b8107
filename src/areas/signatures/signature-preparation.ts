import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Document } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { SigningCertificate } from './signing-certificate.ts';

/**
 * A signature prepared for a signer whose key is on a token (issue 16 point 4b): the PDF with its
 * placeholder and the signed attributes the token must sign, kept until the signature value comes
 * back (or for 15 minutes). Only its signer may complete it, for its document.
 */
export const SignaturePreparation = defineEntity({
  name: 'SignaturePreparation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref().deleteRule('cascade'),
    signer: () => p.manyToOne(Account).ref(),
    onBehalfOf: () => p.manyToOne(Account).ref().nullable(),
    certificate: () => p.manyToOne(SigningCertificate).ref(),
    sourceFile: () => p.manyToOne(StoredFile).ref(),
    preparedPdf: p.blob(),
    /** The four numbers of /ByteRange, space-separated. */
    byteRange: p.string().length(100),
    signedAttributes: p.blob(),
    expiresAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type SignaturePreparationEntity = InferEntity<typeof SignaturePreparation>;
