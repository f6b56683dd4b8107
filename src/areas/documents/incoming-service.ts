import { unitsAndAncestors, Account } from '../accounts/public.ts';
import { registerFor } from './register-service.ts';
import { seenBy } from './document-policy.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { foldVietnamese } from '../../core/text.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Document, type DocumentEntity } from './document.ts';
import { documentKind, isClassified, type Channel, type Confidentiality, type Urgency } from './kinds.ts';
import { formatArrivalNumber, numberNotationKey, parseNumberNotation } from './notation.ts';
import { nextRegisterNumber } from './numbering.ts';
import { searchTexts } from './search-text.ts';
import { isIsoDate, vietnamDate, vietnamYear } from '../../core/vietnam-time.ts';
import { registeredLate } from './delivery-deadlines.ts';
import { loadCalendar } from '../calendar/public.ts';
import { attachInitialFiles, refuseFilesOnClassified } from './file-service.ts';
import { incomingFilesAttached } from './incoming-file-hooks.ts';
import type { CirculationMark } from './circulation.ts';

export const INCOMING_CATEGORIES = ['OFFICIAL_DOCUMENT', 'COMPLAINT', 'DENUNCIATION'] as const;
export type IncomingCategory = (typeof INCOMING_CATEGORIES)[number];

export interface RegisterIncomingInput {
  registerId?: string | null;
  category?: IncomingCategory | null;
  kind: string;
  numberNotation: string;
  issuingOrgan: string;
  signerPosition?: string | null;
  signerName?: string | null;
  issuedOn: string;
  receivedAt?: Date | null;
  subject: string;
  pageCount?: number | null;
  confidentiality?: Confidentiality | null;
  urgency?: Urgency | null;
  channel?: Channel | null;
  replyRequired?: boolean | null;
  replyBy?: string | null;
  recallBy?: string | null;
  handedToAccountIds?: readonly string[] | null;
  confirmDuplicate?: boolean | null;
  fileIds?: readonly string[] | null;
  circulationMark?: CirculationMark | null;
}

/** Clock skew tolerated between a scanner's clock and ours for "received in the future". */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

function optional(problems: Problems, field: string, value: string | null | undefined, max: number, label: string): string | null {
  if (value == null || value.trim() === '') return null;
  return requiredText(problems, ['input', field], value, max, label);
}

/**
 * Registers an incoming document (Decree 30 Art. 20-22; seed 000 Art. 8; seed 002 Art. 4): checks
 * it, refuses what may not enter the system, warns of a probable duplicate, and writes it into its
 * register with the next arrival number of the year.
 */
export async function registerIncoming(em: EntityManager, actor: Actor, input: RegisterIncomingInput, now = new Date()): Promise<DocumentEntity> {
  if (input.category && input.category !== 'OFFICIAL_DOCUMENT') {
    reject(
      ['input', 'category'],
      'NOT_ACCEPTED',
      'Đơn thư khiếu nại, tố cáo không được đưa vào hệ thống quản lý văn bản; chuyển bộ phận tiếp công dân xử lý theo quy định.',
    );
  }
  const confidentiality = input.confidentiality ?? 'NONE';
  const classified = isClassified(confidentiality);
  if (!actor.ownRoles.includes(classified ? 'CONFIDENTIAL_CLERK' : 'CLERK')) {
    reject(null, 'NOT_ALLOWED', classified ? 'Chỉ văn thư sổ mật được đăng ký văn bản mật.' : 'Chỉ văn thư được đăng ký văn bản đến.');
  }

  if ((input.fileIds ?? []).length > 0) refuseFilesOnClassified({ confidentiality }, ['input', 'fileIds']);

  const problems = new Problems();
  const kind = documentKind(input.kind);
  if (!kind) problems.add(['input', 'kind'], 'INVALID_KIND', `Loại văn bản "${input.kind}" không có trong danh mục của Nghị định 30/2020/NĐ-CP.`);
  const numberNotation = parseNumberNotation(input.numberNotation);
  if (!numberNotation) problems.add(['input', 'numberNotation'], 'INVALID', 'Số, ký hiệu không đúng dạng (ví dụ: 80/QĐ-SCT, 05/BNV-VP).');
  const issuingOrgan = requiredText(problems, ['input', 'issuingOrgan'], input.issuingOrgan, 200, 'Cơ quan ban hành');
  const subject = requiredText(problems, ['input', 'subject'], input.subject, 500, 'Trích yếu');
  const signerPosition = optional(problems, 'signerPosition', input.signerPosition, 100, 'Chức vụ người ký');
  const signerName = optional(problems, 'signerName', input.signerName, 50, 'Họ tên người ký');
  const receivedAt = input.receivedAt ?? now;
  const today = vietnamDate(now);
  if (!isIsoDate(input.issuedOn)) problems.add(['input', 'issuedOn'], 'INVALID', 'Ngày ban hành không hợp lệ.');
  else if (input.issuedOn > today) problems.add(['input', 'issuedOn'], 'INVALID', 'Ngày ban hành không được ở tương lai.');
  else if (vietnamDate(receivedAt) < input.issuedOn) problems.add(['input', 'receivedAt'], 'INVALID', 'Ngày đến không được trước ngày ban hành.');
  if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) problems.add(['input', 'receivedAt'], 'INVALID', 'Thời điểm đến không được ở tương lai.');
  if (input.pageCount != null && (!Number.isInteger(input.pageCount) || input.pageCount < 1 || input.pageCount > 100_000)) {
    problems.add(['input', 'pageCount'], 'INVALID', 'Số trang phải là số nguyên dương.');
  }
  const replyRequired = input.replyRequired ?? false;
  if (input.replyBy != null) {
    if (!replyRequired) problems.add(['input', 'replyBy'], 'INVALID', 'Hạn trả lời chỉ dùng cho văn bản cần phúc đáp.');
    else if (!isIsoDate(input.replyBy) || input.replyBy < today) problems.add(['input', 'replyBy'], 'INVALID', 'Hạn trả lời không hợp lệ hoặc đã qua.');
  }
  if (input.recallBy != null) {
    if (!classified) problems.add(['input', 'recallBy'], 'INVALID', 'Hạn thu hồi chỉ dùng cho văn bản mật.');
    else if (!isIsoDate(input.recallBy) || input.recallBy < today) problems.add(['input', 'recallBy'], 'INVALID', 'Hạn thu hồi không hợp lệ hoặc đã qua.');
  }

  const register = await registerFor(em, problems, ['input', 'registerId'], input.registerId, 'INCOMING', classified);

  problems.throwIfAny();
  const handlers = await resolveHandlers(em, input.handedToAccountIds ?? [], { actor, classified });

  const key = numberNotationKey(numberNotation!);
  const organKey = foldVietnamese(issuingOrgan!);
  if (!input.confirmDuplicate) {
    // Only one the clerk may see: the warning names its arrival number.
    const earlier = await em.findOne(
      Document,
      seenBy(actor, { direction: 'INCOMING', status: 'REGISTERED', issuingOrganKey: organKey, numberKey: key }),
      { orderBy: { registeredAt: 'asc' } },
    );
    if (earlier) {
      reject(
        ['input', 'confirmDuplicate'],
        'PROBABLE_DUPLICATE',
        `Văn bản ${earlier.number}/${earlier.notation} của ${earlier.issuingOrgan} có thể đã được đăng ký` +
          `${earlier.registerNumber ? ` (số đến ${formatArrivalNumber(earlier.registerNumber, earlier.registerYear!)})` : ''}. Xác nhận để đăng ký lần nữa.`,
      );
    }
  }

  const registrationYear = vietnamYear(now);
  const registerNumber = await nextRegisterNumber(em, register!.id, registrationYear);
  const duplicateOf = input.confirmDuplicate
    ? await em.findOne(Document, seenBy(actor, { direction: 'INCOMING', issuingOrganKey: organKey, numberKey: key }), { orderBy: { registeredAt: 'asc' } })
    : null;
  const document = em.create(Document, {
    organisation: actor.organisationId,
    direction: 'INCOMING',
    status: 'REGISTERED',
    register: register!.id,
    registerYear: registrationYear,
    registerNumber,
    kind: kind!.code,
    number: numberNotation!.number,
    notation: numberNotation!.notation,
    numberKey: key,
    issuingOrgan: issuingOrgan!,
    issuingOrganKey: organKey,
    signerPosition,
    signerName,
    issuedOn: input.issuedOn,
    receivedAt,
    subject: subject!,
    pageCount: input.pageCount ?? null,
    circulationMark: input.circulationMark ?? null,
    confidentiality,
    urgency: input.urgency ?? 'NORMAL',
    channel: input.channel ?? 'PAPER',
    replyRequired,
    replyBy: input.replyBy ?? null,
    recallBy: input.recallBy ?? null,
    duplicateOf: duplicateOf?.id ?? null,
    registeredLate: registeredLate(vietnamDate(receivedAt), today, await loadCalendar(em, actor.organisationId)),
    handlerIds: handlers.ids,
    handlerUnitIds: handlers.unitIds,
    ...searchTexts({ ...numberNotation!, issuingOrgan: issuingOrgan!, kind: kind!.code, subject: subject!, signerName }),
    registeredBy: actor.accountId,
    registeredAt: now,
  });
  const files = await attachInitialFiles(em, actor, document, input.fileIds ?? []);
  await em.flush();
  await auditAct(em, actor, 'document.registered', { type: 'Document', id: document.id }, {
    register: register!.code,
    number: registerNumber,
    year: registrationYear,
    confidentiality,
  });
  if (files.length > 0) await incomingFilesAttached(em, { organisationId: actor.organisationId, documentId: document.id, actor, files: files.map((file) => ({ id: file.id, sha256: file.sha256, fileName: file.fileName })) });
  return document;
}

/** The active accounts a document is handed to, and their units with every unit above. */
export async function resolveHandlers(
  em: EntityManager,
  accountIds: readonly string[],
  registrar?: { actor: Actor; classified: boolean },
): Promise<{ ids: string[]; unitIds: string[] }> {
  const ids = [...new Set(accountIds)];
  // The clerk hands a classified document on unopened (seed 000 Art. 8 §3): handing it to himself
  // would give him its content — nobody widens their own rights.
  if (registrar?.classified && registrar.actor.accountId && ids.includes(registrar.actor.accountId)) {
    reject(['input', 'handedToAccountIds'], 'NOT_ALLOWED', 'Văn thư không tự nhận văn bản mật: chuyển ngay cho người có trách nhiệm giải quyết.');
  }
  const accounts = ids.length > 0 ? await em.find(Account, { id: { $in: ids }, status: 'ACTIVE' }) : [];
  if (accounts.length !== ids.length) reject(['input', 'handedToAccountIds'], 'NOT_FOUND', 'Người nhận không tồn tại hoặc không hoạt động.');
  return { ids, unitIds: await unitsAndAncestors(em, accounts.map((account) => account.unit.id)) };
}

/** Returns a misrouted or invalid document to its sender, with the reason (Decree 30 Art. 20). */
export async function returnIncoming(em: EntityManager, actor: Actor, id: string, reason: string): Promise<DocumentEntity> {
  const document = await em.findOne(Document, seenBy(actor, { id, direction: 'INCOMING' }));
  if (!document) reject(['input', 'id'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  const keeper = isClassified(document.confidentiality) ? 'CONFIDENTIAL_CLERK' : 'CLERK';
  if (!actor.ownRoles.includes(keeper)) reject(null, 'NOT_ALLOWED', 'Chỉ văn thư giữ sổ được trả lại văn bản.');
  // Returned as it arrives (misrouted, invalid: Decree 30 Art. 20) or once registered.
  if (document.status !== 'REGISTERED' && document.status !== 'RECEIVED') reject(['input', 'id'], 'INVALID_STATE', 'Văn bản đã được trả lại hoặc đã bị thu hồi.');
  const problems = new Problems();
  const why = requiredText(problems, ['input', 'reason'], reason, 500, 'Lý do trả lại');
  problems.throwIfAny();
  document.status = 'RETURNED';
  document.returnReason = why;
  await em.flush();
  await auditAct(em, actor, 'document.returned', { type: 'Document', id: document.id }, { reason: why });
  return document;
}
