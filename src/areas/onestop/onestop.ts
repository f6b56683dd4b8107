import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account, Unit } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';

/** The stages of a case (seed 002 Art. 11–12), each with the time the procedure allows it. */
export const STAGES = ['INTAKE', 'UNIT', 'UNIT_HEAD', 'LEADER', 'RETURN'] as const;
export type Stage = (typeof STAGES)[number];

export const CASE_STATUSES = ['IN_PROGRESS', 'AWAITING_SUPPLEMENT', 'RESULT_READY', 'REFUSAL_READY', 'DONE', 'REFUSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One paper of a procedure's checklist (thành phần hồ sơ). */
export interface PaperRule {
  name: string;
  required: boolean;
  copies: number;
}

/** A paper the desk ticked at intake, with its scanned file when one was uploaded. */
export interface PaperGiven {
  name: string;
  copies: number;
  fileId: string | null;
}

/**
 * An administrative procedure (thủ tục hành chính) of the organisation's catalogue: the national
 * code, where it is handled, how many working days it takes in all and at each step, the papers
 * it needs and its fee. Leaders and IT officers keep it (onestop-policy.ts); it may come from CSV.
 */
export const OneStopProcedure = defineEntity({
  name: 'OneStopProcedure',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    /** Mã thủ tục of the national database (e.g. 2.000364). */
    code: p.string().length(30),
    name: p.string().length(500),
    field: p.string().length(200),
    handlingUnit: () => p.manyToOne(Unit).ref(),
    totalDays: p.integer(),
    intakeDays: p.integer(),
    unitDays: p.integer(),
    unitHeadDays: p.integer(),
    leaderDays: p.integer(),
    returnDays: p.integer(),
    papers: p.json<PaperRule[]>(),
    /** In đồng; 0 when free. */
    fee: p.integer().default(0),
    /** Whether the result is an outgoing document (a licence, a reply) that must be linked at approval. */
    resultIsDocument: p.boolean().default(false),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['organisation', 'code'] }],
});
export type OneStopProcedureEntity = InferEntity<typeof OneStopProcedure>;

/**
 * The last receipt sequence given by an organisation on one day. Intake takes the next one by an
 * upsert in its own transaction: the row lock orders concurrent intakes, and a rolled-back intake
 * gives its number back, so the sequences of a day are 1..n without gaps.
 */
export const OneStopReceiptCounter = defineEntity({
  name: 'OneStopReceiptCounter',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    /** Vietnamese calendar date (YYYY-MM-DD). */
    day: p.string().length(10),
    last: p.integer(),
  },
  uniques: [{ properties: ['organisation', 'day'] }],
});

/**
 * A case (hồ sơ) taken in by the one-stop desk or submitted online: the applicant, the papers,
 * the receipt code and the appointment. `stage` and `status` say where it is; its steps say who
 * did what and when, each with its deadline.
 */
export const OneStopCase = defineEntity({
  name: 'OneStopCase',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    procedure: () => p.manyToOne(OneStopProcedure).ref(),
    handlingUnit: () => p.manyToOne(Unit).ref(),
    /** Organ code, date, sequence and a check part: `STP-261203-0001-K7QX`. */
    receiptCode: p.string().length(60).unique(),
    day: p.string().length(10),
    sequence: p.integer(),
    channel: p.enum(['DESK', 'ONLINE'] as const),
    applicantKind: p.enum(['PERSON', 'BUSINESS'] as const),
    applicantName: p.string().length(200),
    /** Citizen id (12 digits) for a person, tax code (10 or 13 digits) for a business. */
    applicantIdNumber: p.string().length(20),
    applicantPhone: p.string().length(20),
    applicantEmail: p.string().length(200).nullable(),
    applicantAddress: p.string().length(500),
    papers: p.json<PaperGiven[]>(),
    stage: p.enum(STAGES),
    status: p.enum(CASE_STATUSES),
    receivedBy: () => p.manyToOne(Account).ref().nullable(),
    receivedAt: p.datetime(),
    appointmentAt: p.datetime(),
    /** The appointment given at intake: an apology moves `appointmentAt`, never this (a late case stays late). */
    firstAppointmentAt: p.datetime(),
    /** Set while the clock stops for papers the applicant must bring. */
    pausedAt: p.datetime().nullable(),
    supplementCount: p.integer().default(0),
    /** The outgoing document that is the result, when the procedure's result is one. */
    resultDocumentId: p.uuid().nullable(),
    refusalReason: p.string().length(2000).nullable(),
    finishedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['organisation', 'day', 'sequence'] }],
  indexes: [{ properties: ['organisation', 'receivedAt', 'id'] }, { properties: ['handlingUnit', 'status'] }],
});
export type OneStopCaseEntity = InferEntity<typeof OneStopCase>;

export const STEP_ACTIONS = [
  'RECEIVED',
  'PROPOSED',
  'INVALID',
  'SUPPLEMENT_REQUESTED',
  'SUPPLEMENT_RECEIVED',
  'SUBMITTED',
  'APPROVED',
  'DISAGREED',
  'RETURNED',
  'APOLOGISED',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/**
 * One stage of a case as it was handled: opened with its deadline, closed by `action` of `actor`
 * with a note. The open step of a case (doneAt null) is where it waits; a supplement request or an
 * apology is a step of its own, opened and closed at once, beside it.
 */
export const OneStopStep = defineEntity({
  name: 'OneStopStep',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    case: () => p.manyToOne(OneStopCase).ref(),
    stage: p.enum(STAGES),
    startedAt: p.datetime(),
    deadline: p.datetime(),
    doneAt: p.datetime().nullable(),
    action: p.enum(STEP_ACTIONS).nullable(),
    actor: () => p.manyToOne(Account).ref().nullable(),
    note: p.string().length(2000).nullable(),
    ordinal: p.integer(),
    /** When its handlers and their heads were told it ran late (once; late-steps.ts). */
    lateNotifiedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['case', 'ordinal'] }, { name: 'one_stop_step_open_deadline', expression: 'create index "one_stop_step_open_deadline" on "one_stop_step" ("deadline") where "done_at" is null and "late_notified_at" is null' }],
});
export type OneStopStepEntity = InferEntity<typeof OneStopStep>;

export const SLIP_KINDS = ['GUIDANCE', 'REFUSAL', 'SUPPLEMENT', 'APOLOGY'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

/**
 * A slip handed to the applicant (Decree 61/2018's forms): guidance listing the missing papers (at
 * intake or during handling), a refusal with its reason, an apology with the new date. Kept.
 */
export const OneStopSlip = defineEntity({
  name: 'OneStopSlip',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    kind: p.enum(SLIP_KINDS),
    procedure: () => p.manyToOne(OneStopProcedure).ref(),
    case: () => p.manyToOne(OneStopCase).ref().nullable(),
    applicantName: p.string().length(200),
    missingPapers: p.json<string[]>(),
    reason: p.string().length(2000).nullable(),
    newAppointmentAt: p.datetime().nullable(),
    createdBy: () => p.manyToOne(Account).ref().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['case'] }],
});
export type OneStopSlipEntity = InferEntity<typeof OneStopSlip>;

/**
 * The public look-up's rate limit counters (rate-limiter-flexible's RateLimiterPostgres table),
 * in PostgreSQL so that every instance counts the same client address together.
 */
export const PublicRateLimit = defineEntity({
  name: 'PublicRateLimit',
  tableName: 'public_rate_limit',
  properties: {
    key: p.string().length(255).primary(),
    points: p.integer().default(0),
    expire: p.bigint().nullable(),
  },
});

export const MESSAGE_EVENTS = ['RECEIVED', 'SUPPLEMENT', 'LATE', 'RESULT_READY'] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];

/**
 * A message to an applicant (issue 17 §6): queued in the transaction of the step that calls for it,
 * at most one per case, event and channel (the unique key: never twice), sent by the
 * `onestop-notify` job and kept with its outcome.
 */
export const OneStopMessage = defineEntity({
  name: 'OneStopMessage',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    organisation: () => p.manyToOne(Organisation).ref(),
    case: () => p.manyToOne(OneStopCase).ref(),
    event: p.enum(MESSAGE_EVENTS),
    channel: p.enum(['EMAIL', 'SMS'] as const),
    recipient: p.string().length(200),
    text: p.string().length(1000),
    status: p.enum(['PENDING', 'SENT', 'FAILED'] as const),
    attempts: p.integer().default(0),
    lastError: p.string().length(500).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['case', 'event', 'channel'] }],
  indexes: [{ properties: ['status', 'createdAt'] }],
});
export type OneStopMessageEntity = InferEntity<typeof OneStopMessage>;
