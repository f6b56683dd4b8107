import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadCalendar, type WorkingCalendar } from '../calendar/public.ts';
import { Document, seenBy } from '../documents/public.ts';
import { StoredFile } from '../files/public.ts';
import type { Actor } from '../../core/actor.ts';
import { assertCan } from '../../core/ability.ts';
import { Organisation } from '../../core/organisation.ts';
import { withinSight } from '../../core/policy.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { startOfVietnamDay, vietnamDate } from '../../core/vietnam-time.ts';
import { checkApplicant, type ApplicantInput } from './applicant.ts';
import {
  apologyAbility,
  casePolicy,
  leaderAbility,
  receiveAbility,
  returnAbility,
  specialistAbility,
  supplementAbility,
  unitHeadAbility,
  type CaseAtStep,
} from './onestop-policy.ts';
import {
  OneStopCase,
  OneStopProcedure,
  OneStopSlip,
  OneStopStep,
  type OneStopCaseEntity,
  type OneStopProcedureEntity,
  type OneStopSlipEntity,
  type PaperGiven,
  type Stage,
  type StepAction,
} from './onestop.ts';
import { nextSequence, receiptCode } from './receipt-code.ts';
import { tellApplicant } from './applicant-messages.ts';

/** The working days each stage is allowed, from the procedure. */
export function stageDays(procedure: OneStopProcedureEntity, stage: Stage): number {
  return { INTAKE: procedure.intakeDays, UNIT: procedure.unitDays, UNIT_HEAD: procedure.unitHeadDays, LEADER: procedure.leaderDays, RETURN: procedure.returnDays }[stage];
}

const LATER_STAGES: Record<Stage, Stage[]> = { INTAKE: ['UNIT', 'UNIT_HEAD', 'LEADER', 'RETURN'], UNIT: ['UNIT_HEAD', 'LEADER', 'RETURN'], UNIT_HEAD: ['LEADER', 'RETURN'], LEADER: ['RETURN'], RETURN: [] };

/** The instant `days` working days after `from` in the organisation's calendar. */
export function afterWorkingDays(calendar: WorkingCalendar, from: Date, days: number): Date {
  return calendar.addWorkingMinutes(from, days * calendar.workingDayMinutes);
}

/**
 * When the case will be done if each stage left takes the time it is allowed, counted from its
 * open step's deadline (or now, when that has passed): later than the appointment means the
 * applicant must get an apology with a new date.
 */
export function projectedFinish(calendar: WorkingCalendar, procedure: OneStopProcedureEntity, open: { stage: Stage; deadline: Date }, now: Date): Date {
  const from = open.deadline > now ? open.deadline : now;
  const days = LATER_STAGES[open.stage].reduce((total, stage) => total + stageDays(procedure, stage), 0);
  return afterWorkingDays(calendar, from, days);
}

export interface IntakeInput {
  procedureId: string;
  applicant: ApplicantInput;
  papers: { name: string; copies: number; fileId: string | null }[];
  channel: 'DESK' | 'ONLINE';
}

async function procedureOf(em: EntityManager, actor: Actor, id: string): Promise<OneStopProcedureEntity> {
  const procedure = await em.findOne(OneStopProcedure, { id, organisation: actor.organisationId, active: true });
  if (!procedure) reject(['input', 'procedureId'], 'NOT_FOUND', 'Thủ tục không tồn tại.');
  return procedure;
}

/** The papers given, checked against the checklist; the names of required papers missing or short of copies. */
async function checkPapers(em: EntityManager, actor: Actor, problems: Problems, procedure: OneStopProcedureEntity, papers: IntakeInput['papers']): Promise<{ given: PaperGiven[]; missing: string[] }> {
  const known = new Map(procedure.papers.map((paper) => [paper.name, paper]));
  papers.forEach((paper, index) => {
    if (!known.has(paper.name)) problems.add(['input', 'papers', String(index), 'name'], 'INVALID', `"${paper.name}" không thuộc thành phần hồ sơ của thủ tục.`);
    if (!Number.isInteger(paper.copies) || paper.copies < 1) problems.add(['input', 'papers', String(index), 'copies'], 'INVALID', 'Số bản ít nhất là 1.');
  });
  const fileIds = papers.flatMap((paper) => (paper.fileId ? [paper.fileId] : []));
  if (fileIds.length > 0) {
    const files = await em.find(StoredFile, { id: { $in: fileIds }, organisation: actor.organisationId, ...(actor.accountId ? { uploadedBy: actor.accountId } : {}) } as never);
    papers.forEach((paper, index) => {
      if (paper.fileId && !files.some((file) => file.id === paper.fileId)) problems.add(['input', 'papers', String(index), 'fileId'], 'NOT_FOUND', 'Tệp scan không tồn tại.');
    });
  }
  const missing = procedure.papers
    .filter((rule) => rule.required && !papers.some((paper) => paper.name === rule.name && paper.copies >= rule.copies))
    .map((rule) => rule.name);
  return { given: papers.map((paper) => ({ name: paper.name, copies: paper.copies, fileId: paper.fileId })), missing };
}

function openStep(em: EntityManager, record: OneStopCaseEntity, stage: Stage, startedAt: Date, deadline: Date, ordinal: number) {
  return em.create(OneStopStep, { organisation: record.organisation.id, case: record, stage, startedAt, deadline, ordinal, doneAt: null, action: null, actor: null, note: null });
}

function sideStep(em: EntityManager, at: CaseAtStep & { ordinal: number }, actor: Actor, action: StepAction, note: string | null, now: Date) {
  const open = at.open!;
  return em.create(OneStopStep, { organisation: at.case.organisation.id, case: at.case, stage: open.stage, startedAt: now, deadline: open.deadline, doneAt: now, action, actor: actor.accountId, note, ordinal: at.ordinal + 1 });
}

/**
 * A complete application taken in (Art. 11): a case with the day's next receipt sequence, its
 * appointment counted in the organisation's working days, the intake step done and the handling
 * unit's step opened with its deadline. A required paper missing refuses it: the desk gives a
 * guidance slip instead (`issueGuidance`).
 */
export async function receiveCase(em: EntityManager, actor: Actor, input: IntakeInput): Promise<OneStopCaseEntity> {
  assertCan(actor, receiveAbility, null, ['input']);
  const procedure = await procedureOf(em, actor, input.procedureId);
  const problems = new Problems();
  const applicant = checkApplicant(problems, ['input', 'applicant'], input.applicant);
  const { given, missing } = await checkPapers(em, actor, problems, procedure, input.papers);
  for (const name of missing) problems.add(['input', 'papers'], 'MISSING_PAPER', `Thiếu giấy tờ bắt buộc: ${name}.`);
  problems.throwIfAny();
  const now = new Date();
  const day = vietnamDate(now);
  const calendar = await loadCalendar(em, actor.organisationId);
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const sequence = await nextSequence(em, actor.organisationId, day);
  const appointmentAt = afterWorkingDays(calendar, now, procedure.totalDays);
  const record = em.create(OneStopCase, {
    organisation: actor.organisationId,
    procedure,
    handlingUnit: procedure.handlingUnit.id,
    receiptCode: receiptCode(organisation.abbreviation, day, sequence),
    day,
    sequence,
    channel: input.channel,
    applicantKind: applicant.kind,
    applicantName: applicant.name,
    applicantIdNumber: applicant.idNumber,
    applicantPhone: applicant.phone,
    applicantEmail: applicant.email ?? null,
    applicantAddress: applicant.address,
    papers: given,
    stage: 'UNIT',
    status: 'IN_PROGRESS',
    receivedBy: actor.accountId,
    receivedAt: now,
    appointmentAt,
    firstAppointmentAt: appointmentAt,
    pausedAt: null,
    resultDocumentId: null,
    refusalReason: null,
    finishedAt: null,
  });
  const intake = openStep(em, record, 'INTAKE', now, afterWorkingDays(calendar, now, procedure.intakeDays), 1);
  Object.assign(intake, { doneAt: now, action: 'RECEIVED', actor: actor.accountId });
  openStep(em, record, 'UNIT', now, afterWorkingDays(calendar, now, procedure.unitDays), 2);
  await em.flush();
  await tellApplicant(em, record, 'RECEIVED');
  return record;
}

/** An incomplete application: no case, a guidance slip listing what is missing (kept). */
export async function issueGuidance(em: EntityManager, actor: Actor, input: Omit<IntakeInput, 'channel'>): Promise<OneStopSlipEntity> {
  assertCan(actor, receiveAbility, null, ['input']);
  const procedure = await procedureOf(em, actor, input.procedureId);
  const problems = new Problems();
  const applicant = checkApplicant(problems, ['input', 'applicant'], input.applicant);
  const { missing } = await checkPapers(em, actor, problems, procedure, input.papers);
  if (problems.empty && missing.length === 0) problems.add(['input', 'papers'], 'INVALID_STATE', 'Hồ sơ đã đủ giấy tờ bắt buộc: tiếp nhận hồ sơ thay vì hướng dẫn bổ sung.');
  problems.throwIfAny();
  const slip = em.create(OneStopSlip, { organisation: actor.organisationId, kind: 'GUIDANCE', procedure, case: null, applicantName: applicant.name, missingPapers: missing, reason: null, newAppointmentAt: null, createdBy: actor.accountId });
  await em.flush();
  return slip;
}

/** An application the desk refuses to take in (not within the organisation's competence…): a refusal slip. */
export async function refuseApplication(em: EntityManager, actor: Actor, input: { procedureId: string; applicant: ApplicantInput; reason: string }): Promise<OneStopSlipEntity> {
  assertCan(actor, receiveAbility, null, ['input']);
  const procedure = await procedureOf(em, actor, input.procedureId);
  const problems = new Problems();
  const applicant = checkApplicant(problems, ['input', 'applicant'], input.applicant);
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 2000, 'Lý do từ chối');
  problems.throwIfAny();
  const slip = em.create(OneStopSlip, { organisation: actor.organisationId, kind: 'REFUSAL', procedure, case: null, applicantName: applicant.name, missingPapers: [], reason, newAppointmentAt: null, createdBy: actor.accountId });
  await em.flush();
  return slip;
}

/** A case the actor may see, locked for the step, with its open step and who proposed what the leader now decides. */
async function caseAt(em: EntityManager, actor: Actor, id: string): Promise<CaseAtStep & { ordinal: number; procedure: OneStopProcedureEntity; calendar: WorkingCalendar }> {
  const record = await em.findOne(OneStopCase, withinSight(actor, casePolicy, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!record) reject(['input', 'id'], 'NOT_FOUND', 'Hồ sơ không tồn tại.');
  const steps = await em.find(OneStopStep, { case: record.id }, { orderBy: { ordinal: 'asc' } });
  const open = steps.find((step) => step.doneAt === null) ?? null;
  const lastDisagreement = Math.max(0, ...steps.filter((step) => step.action === 'DISAGREED').map((step) => step.ordinal));
  const proposers = steps.filter((step) => step.ordinal > lastDisagreement && (step.action === 'PROPOSED' || step.action === 'SUBMITTED') && step.actor).map((step) => step.actor!.id);
  const procedure = await em.findOneOrFail(OneStopProcedure, { id: record.procedure.id });
  const calendar = await loadCalendar(em, record.organisation.id);
  return { case: record, open, proposers, ordinal: steps.length, procedure, calendar };
}

type At = Awaited<ReturnType<typeof caseAt>>;

/** Closes the open step with what was done and opens the next stage's with its deadline. */
function advance(em: EntityManager, at: At, actor: Actor, action: StepAction, note: string | null, next: Stage | null, now: Date): void {
  Object.assign(at.open!, { doneAt: now, action, actor: actor.accountId, note });
  if (next) {
    openStep(em, at.case, next, now, afterWorkingDays(at.calendar, now, stageDays(at.procedure, next)), at.ordinal + 1);
    at.case.stage = next;
  }
}

function noteOf(problems: Problems, value: string | null | undefined, label: string, required: boolean): string | null {
  if (!required && !value?.trim()) return null;
  return requiredText(problems, ['input', required ? 'reason' : 'note'], value ?? '', 2000, label);
}

/** The specialist finds the case valid and proposes to the unit head (Art. 12 §1). */
export async function proposeCase(em: EntityManager, actor: Actor, input: { id: string; note?: string | null }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, specialistAbility, at, ['input', 'id']);
  const problems = new Problems();
  const note = noteOf(problems, input.note, 'Ý kiến đề xuất', false);
  problems.throwIfAny();
  advance(em, at, actor, 'PROPOSED', note, 'UNIT_HEAD', new Date());
  await em.flush();
  return at.case;
}

/** The specialist finds the case invalid: back to the desk with the reason, to be returned to the applicant. */
export async function returnInvalidCase(em: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, specialistAbility, at, ['input', 'id']);
  const problems = new Problems();
  const reason = noteOf(problems, input.reason, 'Lý do hồ sơ không hợp lệ', true);
  problems.throwIfAny();
  advance(em, at, actor, 'INVALID', reason, 'RETURN', new Date());
  Object.assign(at.case, { status: 'REFUSAL_READY', refusalReason: reason });
  em.create(OneStopSlip, { organisation: at.case.organisation.id, kind: 'REFUSAL', procedure: at.procedure, case: at.case, applicantName: at.case.applicantName, missingPapers: [], reason, newAppointmentAt: null, createdBy: actor.accountId });
  await em.flush();
  await tellApplicant(em, at.case, 'RESULT_READY');
  return at.case;
}

/** The specialist asks the applicant for missing papers: a slip, and the clock stops until they are brought. */
export async function requestSupplement(em: EntityManager, actor: Actor, input: { id: string; missingPapers: string[]; note?: string | null }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, specialistAbility, at, ['input', 'id']);
  const problems = new Problems();
  const missing = [...new Set(input.missingPapers.map((name) => name.trim()).filter(Boolean))];
  if (missing.length === 0) problems.add(['input', 'missingPapers'], 'REQUIRED', 'Ghi rõ giấy tờ cần bổ sung.');
  if (missing.some((name) => name.length > 300)) problems.add(['input', 'missingPapers'], 'TOO_LONG', 'Tên giấy tờ dài tối đa 300 ký tự.');
  const note = noteOf(problems, input.note, 'Ghi chú', false);
  problems.throwIfAny();
  const now = new Date();
  sideStep(em, at, actor, 'SUPPLEMENT_REQUESTED', [missing.join('; '), note].filter(Boolean).join(' — '), now);
  Object.assign(at.case, { status: 'AWAITING_SUPPLEMENT', pausedAt: now, supplementCount: at.case.supplementCount + 1 });
  em.create(OneStopSlip, { organisation: at.case.organisation.id, kind: 'SUPPLEMENT', procedure: at.procedure, case: at.case, applicantName: at.case.applicantName, missingPapers: missing, reason: note, newAppointmentAt: null, createdBy: actor.accountId });
  await em.flush();
  await tellApplicant(em, at.case, 'SUPPLEMENT');
  return at.case;
}

/**
 * The desk takes in the papers asked for: the open step's deadline and the appointment move on by
 * the working time the case waited, so the wait counts against no one.
 */
export async function receiveSupplement(em: EntityManager, actor: Actor, input: { id: string; note?: string | null }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, supplementAbility, at, ['input', 'id']);
  const problems = new Problems();
  const note = noteOf(problems, input.note, 'Ghi chú', false);
  problems.throwIfAny();
  const now = new Date();
  const waited = at.calendar.workingMinutesBetween(at.case.pausedAt!, now);
  const open = at.open!;
  open.deadline = at.calendar.addWorkingMinutes(open.deadline, waited);
  Object.assign(at.case, {
    status: 'IN_PROGRESS',
    pausedAt: null,
    appointmentAt: at.calendar.addWorkingMinutes(at.case.appointmentAt, waited),
    firstAppointmentAt: at.calendar.addWorkingMinutes(at.case.firstAppointmentAt, waited),
  });
  sideStep(em, at, actor, 'SUPPLEMENT_RECEIVED', note, now);
  await em.flush();
  return at.case;
}

/** The unit head enters the proposal and submits it to the leader (Art. 12 §1). */
export async function submitCase(em: EntityManager, actor: Actor, input: { id: string; note: string }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, unitHeadAbility, at, ['input', 'id']);
  const problems = new Problems();
  const note = requiredText(problems, ['input', 'note'], input.note, 2000, 'Ý kiến đề xuất của lãnh đạo phòng');
  problems.throwIfAny();
  advance(em, at, actor, 'SUBMITTED', note, 'LEADER', new Date());
  await em.flush();
  return at.case;
}

/** The leader agrees (Art. 12 §2): to the desk, with the result document when the procedure's result is one. */
export async function approveCase(em: EntityManager, actor: Actor, input: { id: string; note?: string | null; resultDocumentId: string | null }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, leaderAbility, at, ['input', 'id']);
  const problems = new Problems();
  const note = noteOf(problems, input.note, 'Ý kiến phê duyệt', false);
  if (at.procedure.resultIsDocument && !input.resultDocumentId) problems.add(['input', 'resultDocumentId'], 'REQUIRED', 'Kết quả của thủ tục là văn bản: gắn văn bản đã phát hành.');
  if (input.resultDocumentId) {
    const document = await em.findOne(Document, seenBy(actor, { id: input.resultDocumentId, direction: 'OUTGOING', status: 'ISSUED' }) as never);
    if (!document) problems.add(['input', 'resultDocumentId'], 'NOT_FOUND', 'Văn bản kết quả không tồn tại hoặc chưa phát hành.');
  }
  problems.throwIfAny();
  advance(em, at, actor, 'APPROVED', note, 'RETURN', new Date());
  Object.assign(at.case, { status: 'RESULT_READY', resultDocumentId: input.resultDocumentId });
  await em.flush();
  await tellApplicant(em, at.case, 'RESULT_READY');
  return at.case;
}

/** The leader disagrees (Art. 12 §2): back to the handling unit with the reason, its step allowed again. */
export async function disagreeCase(em: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, leaderAbility, at, ['input', 'id']);
  const problems = new Problems();
  const reason = noteOf(problems, input.reason, 'Lý do không thống nhất', true);
  problems.throwIfAny();
  advance(em, at, actor, 'DISAGREED', reason, 'UNIT', new Date());
  await em.flush();
  return at.case;
}

/** The desk hands the result (or the refusal) to the applicant and closes the case (Art. 12 §3). */
export async function returnResult(em: EntityManager, actor: Actor, input: { id: string; note?: string | null }): Promise<OneStopCaseEntity> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, returnAbility, at, ['input', 'id']);
  const problems = new Problems();
  const note = noteOf(problems, input.note, 'Ghi chú', false);
  problems.throwIfAny();
  const now = new Date();
  advance(em, at, actor, 'RETURNED', note, null, now);
  Object.assign(at.case, { status: at.case.status === 'RESULT_READY' ? 'DONE' : 'REFUSED', finishedAt: now });
  await em.flush();
  return at.case;
}

/**
 * A case that will miss its appointment: an apology slip with a new date (a working day, after the
 * date the case would now be done), given before the appointment passes.
 */
export async function apologise(em: EntityManager, actor: Actor, input: { id: string; newDate: string; reason: string }): Promise<{ case: OneStopCaseEntity; slip: OneStopSlipEntity }> {
  const at = await caseAt(em, actor, input.id);
  assertCan(actor, apologyAbility, at, ['input', 'id']);
  const problems = new Problems();
  const reason = noteOf(problems, input.reason, 'Lý do chậm', true);
  const now = new Date();
  const finish = projectedFinish(at.calendar, at.procedure, at.open!, now);
  if (finish <= at.case.appointmentAt) problems.add(['input', 'id'], 'INVALID_STATE', 'Hồ sơ vẫn kịp hẹn trả: chưa cần xin lỗi.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.newDate) || !at.calendar.isWorkingDay(input.newDate)) problems.add(['input', 'newDate'], 'INVALID', 'Ngày hẹn mới phải là một ngày làm việc.');
  else if (input.newDate < vietnamDate(finish)) problems.add(['input', 'newDate'], 'INVALID', `Ngày hẹn mới không được sớm hơn ${vietnamDate(finish)}, ngày hồ sơ có thể giải quyết xong.`);
  problems.throwIfAny();
  // The new appointment is the end of that working day's office hours.
  const newAppointmentAt = afterWorkingDays(at.calendar, startOfVietnamDay(input.newDate), 1);
  sideStep(em, at, actor, 'APOLOGISED', reason, now);
  at.case.appointmentAt = newAppointmentAt;
  const slip = em.create(OneStopSlip, { organisation: at.case.organisation.id, kind: 'APOLOGY', procedure: at.procedure, case: at.case, applicantName: at.case.applicantName, missingPapers: [], reason, newAppointmentAt, createdBy: actor.accountId });
  await em.flush();
  await tellApplicant(em, at.case, 'LATE');
  return { case: at.case, slip };
}
