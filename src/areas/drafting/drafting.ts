import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import { Document, DocumentFile } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import { CONSULTATION_STATUSES, PARTICIPANT_STATUSES } from './consultation-states.ts';
import { REFERRAL_DECISIONS, REFERRAL_STATUSES } from './referral-states.ts';

/**
 * A consultation on one version of one file of an outgoing draft: the drafter asks coordinating
 * units or people for comments by a deadline (seed 004 Art. 7 §2). The comments are rows of their
 * own (ConsultationComment), never written into the draft; the drafter compiles them into the
 * next version of the file (`compiledVersion`).
 */
export const Consultation = defineEntity({
  name: 'Consultation',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    /** The draft version consulted on: a file version of the draft. */
    documentFile: () => p.manyToOne(DocumentFile).ref(),
    file: () => p.manyToOne(StoredFile).ref(),
    attachmentNo: p.integer(),
    fileVersion: p.integer(),
    /** The draft's subject as sent for comments: what those consulted read it by, even if the draft is not theirs to see. */
    subject: p.string().length(500),
    status: p.enum(CONSULTATION_STATUSES),
    drafter: () => p.manyToOne(Account).ref(),
    note: p.string().length(2000).nullable(),
    deadline: p.datetime(),
    /** When the sweep reminds whoever has not answered (calendar's reminderTime). */
    remindAt: p.datetime(),
    /** The drafter and the people consulted; `consultedUnitIds`: every member of those units sees it. */
    viewerIds: p.array().default([]),
    consultedUnitIds: p.array().default([]),
    compiledVersion: p.integer().nullable(),
    compilationNote: p.string().length(2000).nullable(),
    closedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    participants: () => p.oneToMany(ConsultationParticipant).mappedBy('consultation'),
  },
  indexes: [
    { properties: ['document', 'createdAt'] },
    { properties: ['file'] },
    { name: 'consultation_open_deadline', expression: 'create index "consultation_open_deadline" on "consultation" ("remind_at") where "status" = \'OPEN\'' },
  ],
});
export type ConsultationEntity = InferEntity<typeof Consultation>;

/** One consulted unit or person of a consultation, and where their answer stands. */
export const ConsultationParticipant = defineEntity({
  name: 'ConsultationParticipant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    consultation: () => p.manyToOne(Consultation).ref(),
    /** Exactly one of account and unit. */
    account: () => p.manyToOne(Account).ref().nullable(),
    unit: () => p.manyToOne(Unit).ref().nullable(),
    status: p.enum(PARTICIPANT_STATUSES),
    remindedAt: p.datetime().nullable(),
    answeredAt: p.datetime().nullable(),
    noAnswerAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['consultation'] }],
});
export type ConsultationParticipantEntity = InferEntity<typeof ConsultationParticipant>;

/** A comment on a draft version, by one commenter for one participant: kept apart from the draft text. */
export const ConsultationComment = defineEntity({
  name: 'ConsultationComment',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    consultation: () => p.manyToOne(Consultation).ref(),
    participant: () => p.manyToOne(ConsultationParticipant).ref(),
    author: () => p.manyToOne(Account).ref(),
    /** The draft version it is about (the consultation's, kept on the row so a list by version reads it alone). */
    attachmentNo: p.integer(),
    fileVersion: p.integer(),
    text: p.string().length(4000),
    at: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['consultation', 'at'] }],
});
export type ConsultationCommentEntity = InferEntity<typeof ConsultationComment>;

/**
 * A disagreement on a legal normative draft between the justice office's appraisal and the
 * drafting unit, referred by the drafter to the signer (the approving leader), who decides; the
 * decision is kept with both views.
 */
export const DraftReferral = defineEntity({
  name: 'DraftReferral',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    document: () => p.manyToOne(Document).ref(),
    drafter: () => p.manyToOne(Account).ref(),
    signer: () => p.manyToOne(Account).ref(),
    /** The appraiser and their appraisal as it stood when referred. */
    appraiser: () => p.manyToOne(Account).ref(),
    appraisalText: p.string().length(2000),
    appraisalAt: p.datetime(),
    drafterPosition: p.string().length(2000),
    status: p.enum(REFERRAL_STATUSES),
    decision: p.enum(REFERRAL_DECISIONS).nullable(),
    decisionText: p.string().length(2000).nullable(),
    decidedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['document', 'createdAt'] }],
});
export type DraftReferralEntity = InferEntity<typeof DraftReferral>;
