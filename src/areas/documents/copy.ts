import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document } from './document.ts';
import { CONFIDENTIALITY_LEVELS } from './kinds.ts';

/**
 * The forms of copy of Decree 30 (Art. 25; Appendix III's abbreviations): a true copy (sao y) of
 * the whole, an extract (trích sao) of a part, a re-issue (sao lục). Each form is numbered in its
 * own yearly series (`05/SY-SCT`), and the copy carries its form's mark (`SAO Y`) on its face.
 */
export const COPY_FORMS = ['SAO_Y', 'TRICH_SAO', 'SAO_LUC'] as const;
export type CopyForm = (typeof COPY_FORMS)[number];

export const COPY_FORM_DEFINITIONS: Record<CopyForm, { abbreviation: string; mark: string; name: string }> = {
  SAO_Y: { abbreviation: 'SY', mark: 'SAO Y', name: 'Bản sao y' },
  TRICH_SAO: { abbreviation: 'TrS', mark: 'TRÍCH SAO', name: 'Bản trích sao' },
  SAO_LUC: { abbreviation: 'SL', mark: 'SAO LỤC', name: 'Bản sao lục' },
};

/**
 * A copy made by the clerk from a registered incoming or an issued outgoing document. It is seen
 * under its original's rules (copy-policy.ts) and keeps the original's confidentiality; a
 * classified copy is numbered in a series of its own, as classified documents are (Art. 15 §2).
 */
export const DocumentCopy = defineEntity({
  name: 'DocumentCopy',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    original: () => p.manyToOne(Document).ref(),
    form: p.enum(COPY_FORMS),
    confidentiality: p.enum(CONFIDENTIALITY_LEVELS),
    year: p.integer(),
    number: p.integer(),
    /** As written on the copy: `05/SY-SCT`. */
    numberNotation: p.string().length(30),
    /** Trích sao: the part of the original it reproduces (articles, pages). */
    part: p.string().length(500).nullable(),
    signerPosition: p.string().length(100).nullable(),
    signerName: p.string().length(50).nullable(),
    /** Nơi nhận of the copy. */
    recipients: p.string().length(1000).nullable(),
    copiedOn: p.string().length(10),
    madeBy: () => p.manyToOne(Account).ref(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['organisation', 'form', 'confidentiality', 'year', 'number'] }],
  indexes: [{ properties: ['original'] }, { properties: ['organisation', 'createdAt', 'id'] }],
});
export type DocumentCopyEntity = InferEntity<typeof DocumentCopy>;

/**
 * The last number of a copy series (organisation, `SY` or `SY-MAT`, year); its row lock orders
 * concurrent copies as the register counter orders registrations.
 */
export const DocumentCopyCounter = defineEntity({
  name: 'DocumentCopyCounter',
  properties: {
    organisation: () => p.manyToOne(Organisation).ref().primary(),
    series: p.string().length(10).primary(),
    year: p.integer().primary(),
    lastNumber: p.integer().default(0),
  },
});
