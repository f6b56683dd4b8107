import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import { Account, unitsAndAncestors } from '../accounts/public.ts';
import { seenBy, Document } from '../documents/public.ts';
import { vietnamDate } from '../../core/vietnam-time.ts';
import type { Actor } from '../../core/actor.ts';
import { foldVietnamese } from '../../core/text.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { visibleLinks } from './work-file-contents.ts';
import { editWorkFile, reopenWorkFileAbility, workFilePolicy } from './work-file-policy.ts';
import { assertCan, refuse } from '../../core/ability.ts';
import { workFileLockOn } from './work-file-locks.ts';
import { withinSight } from '../../core/policy.ts';
import { endDateOf, languageCode, reorder, retentionYears, startDateOf, workFileCode, type RetentionInput } from './work-file-rules.ts';
import { WorkFile, WorkFileDocument, type WorkFileEntity } from './work-file.ts';

/**
 * Work files (hồ sơ công việc; seed 004 Art. 13 §1): a specialist opens one for a matter, links the
 * incoming documents, drafts and outgoing documents of it, orders them and closes it. Only its
 * creator changes it (seed 002: nobody edits another's work without consent); a closed file is
 * read-only until a head of the creator's unit (or a unit above) or a leader reopens it, giving a
 * reason. Every act is on the audit trail, every change of who shares it included.
 */
export interface OpenWorkFileInput {
  code: string;
  title: string;
  description?: string | null;
  retention: RetentionInput;
  language?: string | null;
  startDate?: string | null;
  sharedWithAccountIds?: readonly string[] | null;
}

export type UpdateWorkFileInput = { id: string } & Partial<OpenWorkFileInput>;

/** Sharing is for a few colleagues; a whole unit sees a file through its head. */
const MAX_SHARED = 50;

const DESCRIPTION_MAX = 2000;

function description(problems: Problems, value: string | null | undefined): string | null {
  return value?.trim() ? requiredText(problems, ['input', 'description'], value, DESCRIPTION_MAX, 'Mô tả') : null;
}

/** The active accounts of the organisation the file is shared with (the creator left out). */
async function sharedAccounts(em: EntityManager, problems: Problems, ids: readonly string[], creatorId: string): Promise<string[]> {
  const wanted = [...new Set(ids)].filter((id) => id !== creatorId);
  const field = ['input', 'sharedWithAccountIds'];
  if (wanted.length > MAX_SHARED) {
    problems.add(field, 'INVALID', `Chia sẻ hồ sơ với tối đa ${MAX_SHARED} người.`);
    return [];
  }
  const accounts = wanted.length > 0 ? await em.find(Account, { id: { $in: wanted } }) : [];
  if (accounts.length < wanted.length) problems.add(field, 'NOT_FOUND', 'Người được chia sẻ không tồn tại.');
  else if (accounts.some((account) => account.status !== 'ACTIVE')) problems.add(field, 'INVALID_STATE', 'Tài khoản người được chia sẻ không hoạt động.');
  return wanted;
}

/** A code is taken once per organisation and year; the lock makes two concurrent openings wait for each other. */
async function checkCodeFree(em: EntityManager, problems: Problems, organisationId: string, code: string, year: number, exceptId: string | null) {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`work-file-code:${organisationId}:${year}:${code}`]);
  const taken = await em.findOne(WorkFile, { code, year, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  if (taken) problems.add(['input', 'code'], 'DUPLICATE', `Mã hồ sơ ${code} đã được dùng trong năm ${year}.`);
}

const yearOf = (date: string) => Number(date.slice(0, 4));

export async function openWorkFile(em: EntityManager, actor: Actor, input: OpenWorkFileInput, now = new Date()): Promise<WorkFileEntity> {
  if (!actor.accountId) reject(null, 'NOT_ALLOWED', 'Chỉ người dùng được lập hồ sơ.');
  const problems = new Problems();
  const code = workFileCode(problems, ['input', 'code'], input.code);
  const title = requiredText(problems, ['input', 'title'], input.title, 500, 'Tiêu đề hồ sơ');
  const about = description(problems, input.description);
  const retention = retentionYears(problems, ['input', 'retention'], input.retention);
  const language = input.language == null ? 'vi' : languageCode(problems, ['input', 'language'], input.language);
  const today = vietnamDate(now);
  const startDate = input.startDate == null ? today : startDateOf(problems, ['input', 'startDate'], input.startDate, today);
  const shared = await sharedAccounts(em, problems, input.sharedWithAccountIds ?? [], actor.accountId);
  if (code && startDate) await checkCodeFree(em, problems, actor.organisationId, code, yearOf(startDate), null);
  problems.throwIfAny();

  const creator = await em.findOneOrFail(Account, { id: actor.accountId });
  const file = em.create(WorkFile, {
    organisation: actor.organisationId,
    code: code!,
    year: yearOf(startDate!),
    title: title!,
    description: about,
    retentionYears: retention!,
    language: language!,
    creator: creator.id,
    creatorUnit: creator.unit.id,
    status: 'OPEN',
    startDate: startDate!,
    endDate: null,
    searchText: foldVietnamese(`${code} ${title}`),
    handlerIds: [creator.id, ...shared],
    handlerUnitIds: await unitsAndAncestors(em, [creator.unit.id]),
  });
  await em.flush();
  await auditAct(em, actor, 'work_file.opened', { type: 'WorkFile', id: file.id }, { code: file.code, year: file.year, sharedWith: shared });
  return file;
}

/** The file, locked for this change, if the actor may see it; NOT_FOUND (like a missing one) otherwise. */
async function findVisible(em: EntityManager, actor: Actor, id: string, field: string[]): Promise<WorkFileEntity> {
  const file = await em.findOne(WorkFile, withinSight(actor, workFilePolicy, { id }), { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!file) reject(field, 'NOT_FOUND', 'Hồ sơ không tồn tại.');
  return file;
}

/** The creator's open file, for a change of its metadata or contents. */
async function findEditable(em: EntityManager, actor: Actor, id: string, field: string[]): Promise<WorkFileEntity> {
  const file = await findVisible(em, actor, id, field);
  refuse(field, await workFileLockOn(em, file.id));
  assertCan(actor, editWorkFile, file, field);
  return file;
}

export async function updateWorkFile(em: EntityManager, actor: Actor, input: UpdateWorkFileInput, now = new Date()): Promise<WorkFileEntity> {
  const file = await findEditable(em, actor, input.id, ['input', 'id']);
  const problems = new Problems();
  const code = input.code === undefined ? file.code : workFileCode(problems, ['input', 'code'], input.code);
  const title = input.title === undefined ? file.title : requiredText(problems, ['input', 'title'], input.title, 500, 'Tiêu đề hồ sơ');
  const about = input.description === undefined ? file.description : description(problems, input.description);
  const retention = input.retention == null ? file.retentionYears : retentionYears(problems, ['input', 'retention'], input.retention);
  const language = input.language == null ? file.language : languageCode(problems, ['input', 'language'], input.language);
  const startDate = input.startDate == null ? file.startDate : startDateOf(problems, ['input', 'startDate'], input.startDate, vietnamDate(now));
  const creatorId = file.creator.id;
  const before = file.handlerIds.filter((id) => id !== creatorId);
  const shared = input.sharedWithAccountIds == null ? before : await sharedAccounts(em, problems, input.sharedWithAccountIds, creatorId);
  if (code && startDate && (code !== file.code || yearOf(startDate) !== file.year)) {
    await checkCodeFree(em, problems, actor.organisationId, code, yearOf(startDate), file.id);
  }
  problems.throwIfAny();

  const changed = Object.entries({ code, title, description: about, retentionYears: retention, language, startDate })
    .filter(([key, value]) => file[key as keyof WorkFileEntity] !== value)
    .map(([key]) => key);
  Object.assign(file, { code: code!, year: yearOf(startDate!), title: title!, description: about, retentionYears: retention!, language: language!, startDate: startDate! });
  file.searchText = foldVietnamese(`${file.code} ${file.title}`);
  file.handlerIds = [creatorId, ...shared];
  await em.flush();
  // Who may see the file is its rights (Decree 30 Appendix VI): each change names who gained and lost them.
  const sharedWith = { added: shared.filter((id) => !before.includes(id)), removed: before.filter((id) => !shared.includes(id)) };
  await auditAct(em, actor, 'work_file.updated', { type: 'WorkFile', id: file.id }, { changed, ...(sharedWith.added.length + sharedWith.removed.length > 0 ? { sharedWith } : {}) });
  return file;
}

/** A document the actor may see; NOT_FOUND (like a missing one) otherwise, in this organisation or another. */
async function findDocument(em: EntityManager, actor: Actor, id: string) {
  const document = await em.findOne(Document, seenBy(actor, { id }));
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không tồn tại.');
  return document;
}

interface LinkInput {
  workFileId: string;
  documentId: string;
}

export async function linkDocument(em: EntityManager, actor: Actor, input: LinkInput): Promise<WorkFileEntity> {
  const file = await findEditable(em, actor, input.workFileId, ['input', 'workFileId']);
  const document = await findDocument(em, actor, input.documentId);
  if (await em.findOne(WorkFileDocument, { workFile: file.id, document: document.id })) {
    reject(['input', 'documentId'], 'DUPLICATE', 'Văn bản đã có trong hồ sơ.');
  }
  // Placed last. The file row is locked, so two links at once cannot take the same place.
  const [last] = await em.execute<{ ordinal: number | null }[]>('select max("ordinal") as "ordinal" from "work_file_document" where "work_file_id" = ?', [file.id]);
  em.create(WorkFileDocument, { organisation: actor.organisationId, workFile: file.id, document: document.id, ordinal: (last?.ordinal ?? 0) + 1, addedBy: actor.accountId! });
  await em.flush();
  await auditAct(em, actor, 'work_file.document_linked', { type: 'WorkFile', id: file.id }, { documentId: document.id }, { type: 'Document', id: document.id });
  return file;
}

export async function unlinkDocument(em: EntityManager, actor: Actor, input: LinkInput): Promise<WorkFileEntity> {
  const file = await findEditable(em, actor, input.workFileId, ['input', 'workFileId']);
  const document = await findDocument(em, actor, input.documentId);
  const link = await em.findOne(WorkFileDocument, { workFile: file.id, document: document.id });
  if (!link) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không có trong hồ sơ.');
  em.remove(link);
  await em.flush();
  await auditAct(em, actor, 'work_file.document_unlinked', { type: 'WorkFile', id: file.id }, { documentId: document.id }, { type: 'Document', id: document.id });
  return file;
}

/** Moves one document to `position` (from 1) in the index as the mover sees it. */
export async function moveDocument(em: EntityManager, actor: Actor, input: LinkInput & { position: number }): Promise<WorkFileEntity> {
  const file = await findEditable(em, actor, input.workFileId, ['input', 'workFileId']);
  // Only the documents the mover sees: one they may not see is not in the file, for them.
  const seen = await visibleLinks(em, [file.id], seenBy(actor, {}));
  const document = seen.find((link) => link.document.id === input.documentId)?.document;
  if (!document) reject(['input', 'documentId'], 'NOT_FOUND', 'Văn bản không có trong hồ sơ.');
  if (!Number.isInteger(input.position) || input.position < 1 || input.position > seen.length) {
    reject(['input', 'position'], 'INVALID', `Vị trí là số nguyên từ 1 đến ${seen.length}.`);
  }
  const links = await em.find(WorkFileDocument, { workFile: file.id }, { orderBy: { ordinal: 'asc', addedAt: 'asc', id: 'asc' } });
  const order = reorder(
    links.map((link) => link.document.id),
    new Set(seen.map((link) => link.document.id)),
    document.id,
    input.position,
  );
  const byDocument = new Map(links.map((link) => [link.document.id, link]));
  order.forEach((documentId, index) => (byDocument.get(documentId)!.ordinal = index + 1));
  await em.flush();
  await auditAct(em, actor, 'work_file.document_moved', { type: 'WorkFile', id: file.id }, { documentId: document.id, position: input.position }, { type: 'Document', id: document.id });
  return file;
}

/** Closes the file (end date: today unless given); it is read-only from then on. */
export async function closeWorkFile(em: EntityManager, actor: Actor, input: { id: string; endDate?: string | null }, now = new Date()): Promise<WorkFileEntity> {
  const file = await findEditable(em, actor, input.id, ['input', 'id']);
  const today = vietnamDate(now);
  const problems = new Problems();
  const endDate = endDateOf(problems, ['input', 'endDate'], input.endDate ?? today, file.startDate, today);
  problems.throwIfAny();
  file.status = 'CLOSED';
  file.endDate = endDate;
  file.closedAt = now;
  await em.flush();
  await auditAct(em, actor, 'work_file.closed', { type: 'WorkFile', id: file.id }, { endDate });
  return file;
}

/** A head of the creator's unit (or above) or a leader reopens a closed file, saying why. */
export async function reopenWorkFile(em: EntityManager, actor: Actor, input: { id: string; reason: string }): Promise<WorkFileEntity> {
  const file = await findVisible(em, actor, input.id, ['input', 'id']);
  refuse(['input', 'id'], await workFileLockOn(em, file.id));
  assertCan(actor, reopenWorkFileAbility, file, ['input', 'id']);
  const problems = new Problems();
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 500, 'Lý do mở lại');
  problems.throwIfAny();
  const endDate = file.endDate;
  file.status = 'OPEN';
  file.endDate = null;
  file.closedAt = null;
  await em.flush();
  await auditAct(em, actor, 'work_file.reopened', { type: 'WorkFile', id: file.id }, { reason, endDate });
  return file;
}
