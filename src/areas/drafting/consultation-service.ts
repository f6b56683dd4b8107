import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { optionalText, requiredText } from '../../core/validation.ts';
import type { Viewer } from '../../core/viewer.ts';
import { Account, OPEN_UNIT, Unit } from '../accounts/public.ts';
import { loadCalendar, reminderTime } from '../calendar/public.ts';
import { addDraftFileVersion, Document, DocumentFile, seenBy } from '../documents/public.ts';
import { consultationMove, type ConsultationParty } from './consultation-states.ts';
import { answersFor, consultationPolicy } from './drafting-policy.ts';
import { Consultation, ConsultationComment, ConsultationParticipant, type ConsultationEntity, type ConsultationParticipantEntity } from './drafting.ts';

/**
 * Consultation on a draft (seed 004 Art. 7 §2): the drafter sends one version of one file of the
 * draft to coordinating units or people for comments by a deadline, counted in the organisation's
 * working time; each comment is kept per version and per commenter, apart from the draft; the
 * drafter compiles them into the next version of the file. Silence past the deadline is recorded
 * by the sweep (consultation-sweep.ts) after one reminder.
 */
export interface ConsultInput {
  documentId: string;
  /** Default: attachment 1. */
  attachmentNo?: number | null;
  /** Default: the attachment's newest version. */
  fileVersion?: number | null;
  unitIds?: readonly string[] | null;
  accountIds?: readonly string[] | null;
  /** Exactly one of: working days, working hours (the working calendar), or an instant. */
  workingDays?: number | null;
  workingHours?: number | null;
  deadline?: Date | null;
  note?: string | null;
}

const DOCUMENT_MISSING = 'Văn bản không tồn tại.';

function viewerOfActor(actor: Actor): Viewer {
  if (!actor.viewer || !actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được thực hiện bước này.');
  return actor.viewer;
}

async function checkedDeadline(em: EntityManager, problems: Problems, actor: Actor, input: ConsultInput, now: Date): Promise<Date | null> {
  const given = [input.workingDays, input.workingHours, input.deadline].filter((value) => value != null).length;
  if (given !== 1) {
    problems.add(['input', 'workingDays'], 'INVALID', 'Nêu đúng một trong: số ngày làm việc, số giờ làm việc, hoặc hạn góp ý.');
    return null;
  }
  if (input.deadline) {
    if (!(input.deadline > now)) problems.add(['input', 'deadline'], 'INVALID', 'Hạn góp ý phải ở tương lai.');
    return input.deadline;
  }
  const count = input.workingDays ?? input.workingHours!;
  const field = input.workingDays != null ? 'workingDays' : 'workingHours';
  if (!Number.isInteger(count) || count < 1 || count > (field === 'workingDays' ? 60 : 480)) {
    problems.add(['input', field], 'INVALID', field === 'workingDays' ? 'Số ngày làm việc từ 1 đến 60.' : 'Số giờ làm việc từ 1 đến 480.');
    return null;
  }
  const calendar = await loadCalendar(em, actor.organisationId);
  return calendar.addWorkingMinutes(now, field === 'workingDays' ? count * calendar.workingDayMinutes : count * 60);
}

export async function consultOnDraft(em: EntityManager, actor: Actor, input: ConsultInput, now = new Date()): Promise<ConsultationEntity> {
  const viewer = viewerOfActor(actor);
  const document = await em.findOne(Document, seenBy(actor, { id: input.documentId, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', DOCUMENT_MISSING);
  if (document.status !== 'DRAFT') reject(['input', 'documentId'], 'INVALID_STATE', 'Chỉ xin ý kiến góp ý được cho văn bản đang là dự thảo.');
  if (document.draftedBy?.id !== viewer.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người soạn thảo được gửi dự thảo xin ý kiến.');

  const problems = new Problems();
  const note = optionalText(problems, ['input', 'note'], input.note?.trim() ? input.note : null, 2000, 'Ghi chú');
  const deadline = await checkedDeadline(em, problems, actor, input, now);
  const attachmentNo = input.attachmentNo ?? 1;
  const versions = await em.find(DocumentFile, { document: document.id, attachmentNo }, { orderBy: { version: 'desc' } });
  const file = input.fileVersion == null ? versions[0] : versions.find((row) => row.version === input.fileVersion);
  if (!file) problems.add(['input', input.fileVersion == null ? 'attachmentNo' : 'fileVersion'], 'NOT_FOUND', 'Dự thảo không có phiên bản tệp này.');
  const unitIds = [...new Set(input.unitIds ?? [])];
  const accountIds = [...new Set(input.accountIds ?? [])];
  if (unitIds.length + accountIds.length === 0) problems.add(['input', 'unitIds'], 'REQUIRED', 'Chọn đơn vị hoặc cá nhân được xin ý kiến.');
  const units = unitIds.length ? await em.find(Unit, { id: { $in: unitIds }, ...OPEN_UNIT }) : [];
  if (units.length !== unitIds.length) problems.add(['input', 'unitIds'], 'INVALID_UNIT', 'Đơn vị được xin ý kiến không tồn tại.');
  const accounts = accountIds.length ? await em.find(Account, { id: { $in: accountIds }, status: 'ACTIVE' }) : [];
  if (accounts.length !== accountIds.length) problems.add(['input', 'accountIds'], 'NOT_FOUND', 'Người được xin ý kiến không tồn tại hoặc không hoạt động.');
  if (accountIds.includes(viewer.accountId)) problems.add(['input', 'accountIds'], 'INVALID', 'Người soạn thảo không tự xin ý kiến mình.');
  problems.throwIfAny();
  const open = await em.count(Consultation, { document: document.id, status: 'OPEN' });
  if (open > 0) reject(['input', 'documentId'], 'DUPLICATE', 'Dự thảo đang có một đợt xin ý kiến chưa tổng hợp.');

  const consultation = em.create(Consultation, {
    organisation: actor.organisationId,
    document: document.id,
    documentFile: file!.id,
    file: file!.file.id,
    attachmentNo,
    fileVersion: file!.version,
    subject: document.subject,
    status: 'OPEN',
    drafter: viewer.accountId,
    note: note ?? null,
    deadline: deadline!,
    remindAt: reminderTime(now, deadline!, await loadCalendar(em, actor.organisationId)),
    viewerIds: [viewer.accountId, ...accountIds],
    consultedUnitIds: unitIds,
    createdAt: now,
  });
  for (const account of accountIds) em.create(ConsultationParticipant, { organisation: actor.organisationId, consultation: consultation.id, account, unit: null, status: 'PENDING' });
  for (const unit of unitIds) em.create(ConsultationParticipant, { organisation: actor.organisationId, consultation: consultation.id, account: null, unit, status: 'PENDING' });
  await em.flush();
  await auditAct(em, actor, 'consultation.opened', { type: 'Consultation', id: consultation.id }, { documentId: document.id, attachmentNo, fileVersion: file!.version, deadline: deadline!.toISOString() });
  return consultation;
}

/** The consultation the viewer may see, locked for the move (a comment and the compilation never cross). */
async function findConsultation(em: EntityManager, viewer: Viewer, id: string): Promise<ConsultationEntity> {
  await em.execute('select 1 from "consultation" where "id" = ? for update', [id]);
  const consultation = await em.findOne(Consultation, { $and: [{ id }, consultationPolicy.visible(viewer)] });
  if (!consultation) reject(['input', 'id'], 'NOT_FOUND', 'Đợt xin ý kiến không tồn tại.');
  return consultation;
}

function refuseUnless(outcome: ReturnType<typeof consultationMove>): asserts outcome is Extract<ReturnType<typeof consultationMove>, { ok: true }> {
  if (!outcome.ok) reject(['input', 'id'], outcome.code, outcome.message);
}

/**
 * The participant the viewer comments for: the consulted unit named, else themselves when they
 * were consulted in person, else their own unit.
 */
function participantFor(viewer: Viewer, participants: ConsultationParticipantEntity[], unitId: string | null): ConsultationParticipantEntity | null {
  const mine = participants.filter((participant) => answersFor(viewer, participant));
  if (unitId) return mine.find((participant) => participant.unit?.id === unitId) ?? null;
  return mine.find((participant) => participant.account) ?? mine[0] ?? null;
}

export async function commentOnDraft(em: EntityManager, actor: Actor, input: { id: string; text: string; unitId?: string | null }, now = new Date()) {
  const viewer = viewerOfActor(actor);
  const consultation = await findConsultation(em, viewer, input.id);
  const participants = await em.find(ConsultationParticipant, { consultation: consultation.id });
  const participant = participantFor(viewer, participants, input.unitId ?? null);
  const party: ConsultationParty = participant ? 'CONSULTEE' : consultation.drafter.id === viewer.accountId ? 'DRAFTER' : 'SYSTEM';
  if (!participant && input.unitId) reject(['input', 'unitId'], 'NOT_ALLOWED', 'Bạn không góp ý thay cho đơn vị này.');
  const outcome = consultationMove(
    { status: consultation.status, deadline: consultation.deadline, participant: participant ? { status: participant.status, reminded: Boolean(participant.remindedAt), remindAt: consultation.remindAt } : undefined },
    'COMMENT',
    party,
    now,
  );
  refuseUnless(outcome);
  const problems = new Problems();
  const text = requiredText(problems, ['input', 'text'], input.text, 4000, 'Ý kiến góp ý');
  problems.throwIfAny();
  participant!.status = outcome.participantStatus!;
  participant!.answeredAt ??= now;
  const comment = em.create(ConsultationComment, {
    organisation: actor.organisationId,
    consultation: consultation.id,
    participant: participant!.id,
    author: viewer.accountId,
    attachmentNo: consultation.attachmentNo,
    fileVersion: consultation.fileVersion,
    text: text!,
    at: now,
  });
  await em.flush();
  await auditAct(em, actor, 'consultation.commented', { type: 'Consultation', id: consultation.id }, { commentId: comment.id, unitId: participant!.unit?.id ?? null });
  return consultation;
}

/**
 * The drafter compiles the comments into the next version of the consulted file (uploaded by them):
 * the comments stay as they were, beside the versions they were about.
 */
export async function compileConsultation(em: EntityManager, actor: Actor, input: { id: string; fileId: string; note?: string | null }, now = new Date()) {
  const viewer = viewerOfActor(actor);
  const consultation = await findConsultation(em, viewer, input.id);
  const pending = await em.count(ConsultationParticipant, { consultation: consultation.id, status: 'PENDING' });
  const party: ConsultationParty = consultation.drafter.id === viewer.accountId ? 'DRAFTER' : 'CONSULTEE';
  refuseUnless(consultationMove({ status: consultation.status, deadline: consultation.deadline, pending }, 'COMPILE', party, now));
  const problems = new Problems();
  const note = optionalText(problems, ['input', 'note'], input.note?.trim() ? input.note : null, 2000, 'Giải trình tiếp thu');
  problems.throwIfAny();
  const added = await addDraftFileVersion(em, actor, consultation.document.id, input.fileId, consultation.attachmentNo);
  consultation.status = 'COMPILED';
  consultation.compiledVersion = added.version;
  consultation.compilationNote = note ?? null;
  consultation.closedAt = now;
  await em.flush();
  await auditAct(em, actor, 'consultation.compiled', { type: 'Consultation', id: consultation.id }, { version: added.version });
  return consultation;
}

export async function cancelConsultation(em: EntityManager, actor: Actor, input: { id: string }, now = new Date()) {
  const viewer = viewerOfActor(actor);
  const consultation = await findConsultation(em, viewer, input.id);
  const party: ConsultationParty = consultation.drafter.id === viewer.accountId ? 'DRAFTER' : 'CONSULTEE';
  refuseUnless(consultationMove({ status: consultation.status, deadline: consultation.deadline }, 'CANCEL', party, now));
  consultation.status = 'CANCELLED';
  consultation.closedAt = now;
  await em.flush();
  await auditAct(em, actor, 'consultation.cancelled', { type: 'Consultation', id: consultation.id });
  return consultation;
}
