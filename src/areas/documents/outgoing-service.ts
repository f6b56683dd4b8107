import { documentIssued, documentIssuing, documentRecalled, draftSubmitting } from './issue-hooks.ts';
import { registerFor } from './register-service.ts';
import { seenBy } from './document-policy.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import { Account, type AccountEntity, OPEN_UNIT, Unit, unitsAndAncestors } from '../accounts/public.ts';
import { Organisation } from '../../core/organisation.ts';
import type { Actor } from '../../core/actor.ts';
import { UNIT_HEADING_TITLES, type Role } from '../../core/titles.ts';
import { foldVietnamese } from '../../core/text.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { DocumentFile, type DocumentFileEntity } from './document-file.ts';
import { Document, DocumentComment, DocumentVersion, type DocumentCommentEntity, type DocumentEntity } from './document.ts';
import { addFileVersion, attachInitialFiles } from './file-service.ts';
import { documentKind, isClassified, type Confidentiality, type Urgency } from './kinds.ts';
import { formatRegisterNumber, numberNotationKey } from './notation.ts';
import { nextRegisterNumber } from './numbering.ts';
import { isFrozen, nextStatus, type OutgoingAction, type OutgoingStatus } from './outgoing-states.ts';
import { Register } from './register.ts';
import { searchTexts } from './search-text.ts';
import { sendToOrganisations, withdrawCopies } from './sending-service.ts';
import { vietnamDate, vietnamYear } from '../../core/vietnam-time.ts';
import type { CirculationMark } from './circulation.ts';

/**
 * Outgoing documents (seed 004 Art. 7; Decree 30 Art. 14-18): a specialist drafts, the unit head
 * reviews, the justice office appraises legal normative documents, the leader approves or returns
 * with comments, and the clerk numbers and issues it the same day. Every version and comment is
 * kept; an issued document never changes.
 */
export interface DraftInput {
  kind: string;
  subject: string;
  confidentiality?: Confidentiality | null;
  urgency?: Urgency | null;
  legalNormative?: boolean | null;
  signerPosition?: string | null;
  signerName?: string | null;
  pageCount?: number | null;
  recipients?: string | null;
  replyToId?: string | null;
  replacesId?: string | null;
  fileIds?: readonly string[] | null;
  circulationMark?: CirculationMark | null;
}

function checkDraft(problems: Problems, input: Partial<DraftInput>) {
  const kind = input.kind === undefined ? undefined : documentKind(input.kind);
  if (input.kind !== undefined && !kind) problems.add(['input', 'kind'], 'INVALID_KIND', `Loại văn bản "${input.kind}" không có trong danh mục của Nghị định 30/2020/NĐ-CP.`);
  const subject = input.subject === undefined ? undefined : requiredText(problems, ['input', 'subject'], input.subject, 500, 'Trích yếu');
  const optional = (field: keyof DraftInput, max: number, label: string) => {
    const value = input[field];
    return typeof value === 'string' && value.trim() !== '' ? requiredText(problems, ['input', field], value, max, label) : value === undefined ? undefined : null;
  };
  const signerPosition = optional('signerPosition', 100, 'Chức vụ người ký');
  const signerName = optional('signerName', 50, 'Họ tên người ký');
  const recipients = optional('recipients', 1000, 'Nơi nhận');
  if (input.pageCount != null && (!Number.isInteger(input.pageCount) || input.pageCount < 1)) problems.add(['input', 'pageCount'], 'INVALID', 'Số trang phải là số nguyên dương.');
  return { kind, subject, signerPosition, signerName, recipients };
}


async function snapshot(em: EntityManager, actor: Actor, document: DocumentEntity): Promise<void> {
  const files = await em.find(DocumentFile, { document: document.id }, { fields: ['attachmentNo', 'version', 'file'] });
  const versions = await em.count(DocumentVersion, { document: document.id });
  em.create(DocumentVersion, {
    organisation: actor.organisationId,
    document: document.id,
    version: versions + 1,
    createdBy: actor.accountId!,
    snapshot: JSON.stringify({
      kind: document.kind,
      subject: document.subject,
      confidentiality: document.confidentiality,
      urgency: document.urgency,
      legalNormative: document.legalNormative,
      signerPosition: document.signerPosition ?? null,
      signerName: document.signerName ?? null,
      pageCount: document.pageCount ?? null,
      recipients: document.recipients ?? null,
      circulationMark: document.circulationMark ?? null,
      files: files.map((file) => ({ attachmentNo: file.attachmentNo, version: file.version, fileId: file.file.id })),
    }),
  });
}

export async function createDraft(em: EntityManager, actor: Actor, input: DraftInput): Promise<DocumentEntity> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được soạn văn bản.');
  const problems = new Problems();
  const { kind, subject, signerPosition, signerName, recipients } = checkDraft(problems, input);
  const drafter = await em.findOneOrFail(Account, { id: actor.accountId });
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const replyTo = input.replyToId ? await em.findOne(Document, seenBy(actor, { id: input.replyToId, direction: 'INCOMING' })) : null;
  if (input.replyToId && !replyTo) problems.add(['input', 'replyToId'], 'NOT_FOUND', 'Văn bản đến được trả lời không tồn tại.');
  const replaces = input.replacesId ? await em.findOne(Document, seenBy(actor, { id: input.replacesId, direction: 'OUTGOING', status: 'ISSUED' })) : null;
  if (input.replacesId && !replaces) problems.add(['input', 'replacesId'], 'NOT_FOUND', 'Văn bản được thay thế không tồn tại hoặc chưa ban hành.');
  problems.throwIfAny();

  const confidentiality = input.confidentiality ?? 'NONE';
  const base = {
    kind: kind!.code,
    subject: subject!,
    issuingOrgan: organisation.name,
    signerName: signerName ?? null,
    number: null,
    notation: null,
  };
  const document = em.create(Document, {
    organisation: actor.organisationId,
    direction: 'OUTGOING',
    status: 'DRAFT',
    ...base,
    issuingOrganKey: foldVietnamese(organisation.name),
    signerPosition: signerPosition ?? null,
    issuedOn: vietnamDate(new Date()),
    pageCount: input.pageCount ?? null,
    confidentiality,
    urgency: input.urgency ?? 'NORMAL',
    channel: 'ELECTRONIC',
    legalNormative: input.legalNormative ?? false,
    recipients: recipients ?? null,
    circulationMark: input.circulationMark ?? null,
    replyTo: replyTo?.id ?? null,
    replaces: replaces?.id ?? null,
    draftedBy: drafter.id,
    draftingUnit: drafter.unit.id,
    handlerIds: [drafter.id],
    handlerUnitIds: await unitsAndAncestors(em, [drafter.unit.id]),
    ...searchTexts(base),
  });
  await attachInitialFiles(em, actor, document, input.fileIds ?? []);
  await em.flush();
  await snapshot(em, actor, document);
  await em.flush();
  await auditAct(em, actor, 'document.drafted', { type: 'Document', id: document.id });
  return document;
}

async function findOutgoing(em: EntityManager, actor: Actor, id: string): Promise<DocumentEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id, direction: 'OUTGOING' }));
  if (!document) reject(['input', 'id'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  return document;
}

/** The drafter edits a draft; each change is kept as a new version. */
export async function updateDraft(em: EntityManager, actor: Actor, id: string, input: Partial<DraftInput>): Promise<DocumentEntity> {
  const document = await findOutgoing(em, actor, id);
  if (isFrozen(document.status as OutgoingStatus)) reject(['input', 'id'], 'INVALID_STATE', 'Văn bản đã ban hành không được sửa; hãy soạn văn bản đính chính thay thế.');
  if (document.status !== 'DRAFT') reject(['input', 'id'], 'INVALID_STATE', 'Chỉ sửa được văn bản đang ở bước soạn thảo.');
  if (document.draftedBy?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người soạn thảo được sửa dự thảo.');
  const problems = new Problems();
  const { kind, subject, signerPosition, signerName, recipients } = checkDraft(problems, input);
  problems.throwIfAny();
  if (kind) document.kind = kind.code;
  if (subject) document.subject = subject;
  if (signerPosition !== undefined) document.signerPosition = signerPosition;
  if (signerName !== undefined) document.signerName = signerName;
  if (recipients !== undefined) document.recipients = recipients;
  if (input.pageCount !== undefined) document.pageCount = input.pageCount;
  if (input.urgency) document.urgency = input.urgency;
  if (input.confidentiality) document.confidentiality = input.confidentiality;
  if (input.legalNormative != null) document.legalNormative = input.legalNormative;
  if (input.circulationMark !== undefined) document.circulationMark = input.circulationMark;
  Object.assign(document, searchTexts(document));
  if ((input.fileIds ?? []).length > 0) {
    const existing = await em.count(DocumentFile, { document: document.id });
    if (existing > 0) reject(['input', 'fileIds'], 'INVALID', 'Dự thảo đã có tệp: dùng addDocumentFile để thêm phiên bản.');
    await attachInitialFiles(em, actor, document, input.fileIds ?? []);
  }
  await em.flush();
  await snapshot(em, actor, document);
  await em.flush();
  await auditAct(em, actor, 'document.draft_updated', { type: 'Document', id: document.id });
  return document;
}

/**
 * The drafter adds the next version of one of a draft's files (or a new attachment): a compiled
 * draft after a consultation, a revision. Kept as a new version, never replacing the old one.
 */
export async function addDraftFileVersion(em: EntityManager, actor: Actor, documentId: string, fileId: string, attachmentNo: number | null): Promise<DocumentFileEntity> {
  const document = await findOutgoing(em, actor, documentId);
  if (document.status !== 'DRAFT') reject(['input', 'id'], 'INVALID_STATE', 'Chỉ sửa được văn bản đang ở bước soạn thảo.');
  if (document.draftedBy?.id !== actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người soạn thảo được sửa dự thảo.');
  const added = await addFileVersion(em, actor, document, fileId, attachmentNo);
  await snapshot(em, actor, document);
  await em.flush();
  return added;
}

/** The appraisal of a legal normative draft last given by the justice office (appraised or returned), if any. */
export async function lastAppraisal(em: EntityManager, documentId: string): Promise<DocumentCommentEntity | null> {
  const steps = await em.find(DocumentComment, { document: documentId, action: { $in: ['APPRAISE', 'RETURN'] } }, { orderBy: { at: 'desc' }, populate: ['author'] });
  return steps.find((step) => step.author.getEntity().roles.includes('LEGAL_APPRAISER')) ?? null;
}

async function headOf(em: EntityManager, unitId: string): Promise<AccountEntity | null> {
  return em.findOne(Account, { unit: unitId, title: 'UNIT_HEAD', status: 'ACTIVE' }, { orderBy: { createdAt: 'asc' } });
}

async function activeAccount(em: EntityManager, id: string, field: string[]): Promise<AccountEntity> {
  const account = await em.findOne(Account, { id, status: 'ACTIVE' });
  if (!account) reject(field, 'NOT_FOUND', 'Người nhận xử lý không tồn tại hoặc không hoạt động.');
  return account;
}

export interface MoveInput {
  id: string;
  comment?: string | null;
  /** SUBMIT: the reviewer (default: the head of the drafter's unit). FORWARD: the approving leader. */
  assigneeId?: string | null;
  /** RECALL: why (required). */
  reason?: string | null;
  /** ISSUE: other agencies of this deployment that receive an incoming copy. */
  sendToOrganisationIds?: readonly string[] | null;
  /** ISSUE: the outgoing register to number it in (default: the standard one for its level). */
  registerId?: string | null;
  /** ISSUE: an internal note sent to units of the organisation without a number (seed 000 Art. 9 §5). */
  withoutNumber?: boolean | null;
  /** ISSUE without a number: the units of the organisation it goes to. */
  toUnitIds?: readonly string[] | null;
}

/** The kinds an internal note without a number may be (seed 000 Art. 9 §5: internal letters, submissions to the leaders). */
const UNNUMBERED_KINDS = ['CONG_VAN', 'TO_TRINH'];

const LEADERSHIP = ['LEADER', 'DEPUTY_LEADER'] as const;

/**
 * One step of the flow. Checks that the move exists from the current status (outgoing-states.ts)
 * and that it is the actor's turn, records the comment, and moves on.
 */
export async function moveOutgoing(
  em: EntityManager,
  actor: Actor,
  action: OutgoingAction,
  input: MoveInput,
  /** Whether the actor holds one of `roles` now, by their own right or a delegation (then whose). */
  authority: (roles: Role[]) => { allowed: true; onBehalfOfId: string | null } | { allowed: false },
  now = new Date(),
): Promise<DocumentEntity> {
  const document = await findOutgoing(em, actor, input.id);
  const from = document.status as OutgoingStatus;
  const to = nextStatus(from, action, { legalNormative: document.legalNormative, sentFirst: document.sentFirstAt != null });
  if (!to) reject(['input', 'id'], 'INVALID_STATE', `Không thể thực hiện bước này khi văn bản đang ở trạng thái ${from}.`);

  const me = actor.accountId;
  const isAssignee = document.assignee?.id === me;
  // A step taken with a leader's delegated authority is recorded on that leader's behalf.
  let onBehalfOfId = actor.onBehalfOfId;
  const hasRole = (...roles: Role[]) => {
    const granted = authority(roles);
    if (granted.allowed && granted.onBehalfOfId) onBehalfOfId = granted.onBehalfOfId;
    return granted.allowed;
  };
  // Lazy: only the acting step's check runs, so only its delegation is recorded.
  const turn: Record<OutgoingAction, () => boolean> = {
    SUBMIT: () => document.draftedBy?.id === me,
    SEND_FIRST: () => document.draftedBy?.id === me,
    FORWARD: () => isAssignee,
    APPRAISE: () => hasRole('LEGAL_APPRAISER'),
    APPROVE: () => isAssignee || hasRole('LEADER'),
    RETURN: () =>
      (from === 'IN_REVIEW' && isAssignee) ||
      (from === 'IN_APPRAISAL' && hasRole('LEGAL_APPRAISER')) ||
      (from === 'AWAITING_APPROVAL' && (isAssignee || hasRole('LEADER'))),
    ISSUE: () => hasRole(isClassified(document.confidentiality) ? 'CONFIDENTIAL_CLERK' : 'CLERK'),
    RECALL: () => hasRole(...LEADERSHIP),
  };
  if (!turn[action]()) reject(null, 'NOT_ALLOWED', 'Chưa đến lượt bạn xử lý văn bản này.');

  const problems = new Problems();
  const comment = input.comment?.trim() ? requiredText(problems, ['input', 'comment'], input.comment, 2000, 'Ý kiến') : null;
  if (action === 'RETURN' && !comment) problems.add(['input', 'comment'], 'REQUIRED', 'Trả lại văn bản phải kèm ý kiến.');
  if (action === 'SEND_FIRST' && !comment) problems.add(['input', 'comment'], 'REQUIRED', 'Gửi trước khi vào sổ phải nêu lý do cần xử lý gấp.');
  const reason = action === 'RECALL' ? requiredText(problems, ['input', 'reason'], input.reason ?? '', 500, 'Lý do thu hồi') : null;
  problems.throwIfAny();

  const handlers = new Set(document.handlerIds);
  // Whoever acts on a draft becomes one of its handlers, but not the clerk issuing it: the clerk
  // sees the register entry by their role already, and a handler may read the content, which the
  // confidential register's clerk may not (seed 002 Art. 4). It also keeps a clerk's handler list
  // to their own work instead of every document the agency issues.
  if (me && action !== 'ISSUE') handlers.add(me);
  switch (action) {
    case 'SUBMIT': {
      await draftSubmitting(em, { actor, document, now });
      const reviewer = input.assigneeId
        ? await activeAccount(em, input.assigneeId, ['input', 'assigneeId'])
        : await headOf(em, document.draftingUnit!.id);
      if (!reviewer) reject(['input', 'assigneeId'], 'REQUIRED', 'Đơn vị chưa có trưởng đơn vị: chọn người duyệt.');
      document.assignee = em.getReference(Account, reviewer.id, { wrapped: true });
      handlers.add(reviewer.id);
      break;
    }
    case 'FORWARD': {
      const approver = input.assigneeId
        ? await activeAccount(em, input.assigneeId, ['input', 'assigneeId'])
        : await em.findOne(Account, { roles: { $contains: ['LEADER'] }, status: 'ACTIVE' }, { orderBy: { createdAt: 'asc' } });
      if (!approver || !approver.roles.some((role) => (LEADERSHIP as readonly string[]).includes(role))) {
        reject(['input', 'assigneeId'], 'INVALID', 'Người duyệt ký phải là lãnh đạo cơ quan.');
      }
      document.approver = em.getReference(Account, approver.id, { wrapped: true });
      document.assignee = to === 'IN_APPRAISAL' ? null : em.getReference(Account, approver.id, { wrapped: true });
      handlers.add(approver.id);
      break;
    }
    case 'APPRAISE':
      document.assignee = document.approver ?? null;
      break;
    case 'APPROVE':
    case 'RETURN':
      document.assignee = action === 'RETURN' ? document.draftedBy ?? null : null;
      break;
    case 'SEND_FIRST':
      document.sentFirstAt = now;
      break;
    case 'ISSUE':
      await documentIssuing(em, { actor, document, now });
      if (input.withoutNumber) await issueWithoutNumber(em, document, input, handlers, now);
      else await issue(em, actor, document, input.registerId ?? null, now);
      await documentIssued(em, { actor, document, now });
      await sendToOrganisations(em, actor, document, input.sendToOrganisationIds ?? []);
      break;
    case 'RECALL':
      document.recalledAt = now;
      document.recallReason = reason;
      await withdrawCopies(em, actor, document, reason!);
      await documentRecalled(em, { actor, document, now, reason: reason! });
      break;
  }
  document.status = to;
  document.handlerIds = [...handlers];
  em.create(DocumentComment, {
    organisation: actor.organisationId,
    document: document.id,
    author: me!,
    onBehalfOf: onBehalfOfId,
    action,
    text: comment ?? reason,
  });
  await em.flush();
  await auditAct(em, { ...actor, onBehalfOfId }, `document.${action.toLowerCase()}`, { type: 'Document', id: document.id }, { from, to });
  return document;
}

/**
 * An internal note between units of the organisation that needs no number (seed 000 Art. 9 §5):
 * the clerk sends it to the units named, which see it from then on; it is in no register, and
 * nothing outside the organisation receives it.
 */
async function issueWithoutNumber(em: EntityManager, document: DocumentEntity, input: MoveInput, handlers: Set<string>, now: Date): Promise<void> {
  const problems = new Problems();
  if (!UNNUMBERED_KINDS.includes(document.kind)) problems.add(['input', 'withoutNumber'], 'INVALID', 'Chỉ công văn nội bộ và tờ trình gửi trong cơ quan được gửi không lấy số.');
  if ((input.sendToOrganisationIds ?? []).length > 0) problems.add(['input', 'sendToOrganisationIds'], 'INVALID', 'Văn bản nội bộ không lấy số chỉ gửi các đơn vị trong cơ quan.');
  if (input.registerId) problems.add(['input', 'registerId'], 'INVALID', 'Văn bản nội bộ không lấy số không vào sổ.');
  const unitIds = [...new Set(input.toUnitIds ?? [])];
  if (unitIds.length === 0) problems.add(['input', 'toUnitIds'], 'REQUIRED', 'Chọn đơn vị nhận văn bản nội bộ.');
  const units = unitIds.length > 0 ? await em.find(Unit, { id: { $in: unitIds }, ...OPEN_UNIT }) : [];
  if (units.length !== unitIds.length) problems.add(['input', 'toUnitIds'], 'INVALID_UNIT', 'Đơn vị nhận không tồn tại.');
  problems.throwIfAny();
  const heads = await em.find(Account, { unit: { $in: unitIds }, title: { $in: [...UNIT_HEADING_TITLES] }, status: 'ACTIVE' }, { fields: ['id'] });
  for (const head of heads) handlers.add(head.id);
  document.handlerUnitIds = [...new Set([...document.handlerUnitIds, ...(await unitsAndAncestors(em, unitIds))])];
  document.unnumbered = true;
  document.issuedOn = vietnamDate(now);
  document.issuedAt = now;
  document.assignee = null;
}

/**
 * The clerk gives the number from the outgoing register (the confidential one for a classified
 * document, or another outgoing register the clerk names), writes the notation (`80/QĐ-SCT`, or `05/SCT-VP` for a Công văn), dates it today.
 */
async function issue(em: EntityManager, actor: Actor, document: DocumentEntity, registerId: string | null, now: Date): Promise<void> {
  const problems = new Problems();
  const found = await registerFor(em, problems, ['input', 'registerId'], registerId, 'OUTGOING', isClassified(document.confidentiality));
  problems.throwIfAny();
  // registerFor adds a problem whenever it finds none, so here there is one.
  const register = found!;
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const year = vietnamYear(now);
  const number = await nextRegisterNumber(em, register.id, year);
  const abbreviation = documentKind(document.kind)?.abbreviation;
  const unit = document.draftingUnit ? await em.findOne(Unit, { id: document.draftingUnit.id }) : null;
  const standard = abbreviation ? `${abbreviation}-${organisation.abbreviation}` : `${organisation.abbreviation}-${unit?.code ?? 'VP'}`;
  const notation = register.notationSuffix ? `${standard}-${register.notationSuffix}` : standard;
  document.register = em.getReference(Register, register.id, { wrapped: true });
  document.registerYear = year;
  document.registerNumber = number;
  document.number = formatRegisterNumber(number);
  document.notation = notation.slice(0, 30);
  document.numberKey = numberNotationKey({ number: document.number, notation: document.notation });
  document.issuedOn = vietnamDate(now);
  document.issuedAt = now;
  document.registeredAt = now;
  document.registeredBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  // Sent first by the drafter in an emergency: the register shows it was registered afterwards.
  document.registeredLate = document.sentFirstAt != null;
  document.assignee = null;
  Object.assign(document, searchTexts(document));
}
