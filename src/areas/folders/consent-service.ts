import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../../core/actor.ts';
import { auditActs } from '../../core/audit/trail.ts';
import type { Viewer } from '../../core/viewer.ts';
import { UNIT_HEADING_TITLES } from '../../core/titles.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { optionalText } from '../../core/validation.ts';
import { Account, type AccountEntity } from '../accounts/public.ts';
import { loadCalendar } from '../calendar/public.ts';
import { StoredFile } from '../files/public.ts';
import { announce, findFolder, findItem, viewerOfActor } from './common.ts';
import { refuse } from '../../core/ability.ts';
import { consentMove, type ConsentParty } from './consent-states.ts';
import { Folder, FolderChangeRequest, FolderItem, type ChangeRequestKind, type FolderChangeRequestEntity } from './folder.ts';
import { notifyCabinet } from './folder-notices.ts';
import { changeRequestPolicy } from './folder-policy.ts';
import { requestRefusal } from './folder-rules.ts';
import { applyDelete, applyMetadata, applyMove, applyNewVersion, checkMetadata, checkMove, freshUpload } from './item-service.ts';

/**
 * The author's consent (seed 002 Art. 10.2): whoever may contribute to another author's item asks
 * to replace its file, edit its name or description, move it or delete it; the author accepts or
 * refuses with a reason; only an accepted request is applied, by the system, exactly as it was
 * filed. Nobody bypasses it — managers and IT officers included. An author whose account is
 * disabled is answered for by the heads of their unit (never by the requester). Unanswered
 * requests expire after FOLDER_CONSENT_WORKING_DAYS working days (5 by default, the
 * organisation's working calendar). Every step is on the audit trail and told to those concerned.
 */
export function consentWorkingDays(): number {
  const days = Number(process.env.FOLDER_CONSENT_WORKING_DAYS ?? 5);
  return Number.isInteger(days) && days >= 1 && days <= 60 ? days : 5;
}

const KIND_NAME: Record<ChangeRequestKind, string> = { REPLACE: 'thay thế', EDIT: 'sửa thông tin', MOVE: 'di chuyển', DELETE: 'xóa' };

/** The rules' view of another account than the viewer's (the requester's, when their request is applied). */
export function viewerForAccount(account: AccountEntity): Viewer {
  return {
    accountId: account.id,
    organisationId: account.organisation.id,
    sessionId: '',
    sessionExpiresAt: new Date(0),
    username: account.username,
    roles: account.roles,
    unitId: account.unit.id,
    headOfUnitIds: UNIT_HEADING_TITLES.includes(account.title) ? [account.unit.id] : [],
    // Not read by the cabinet's rules, which ask for the unit and its headship only.
    carriesForUnitIds: [],
    mustChangePassword: false,
    delegations: [],
  };
}

/** Who answers a request: the author, or for a disabled author the active heads of their unit (not the requester). */
export async function answererIds(em: EntityManager, request: Pick<FolderChangeRequestEntity, 'author' | 'authorUnit' | 'requester'>): Promise<string[]> {
  const author = await em.findOneOrFail(Account, { id: request.author.id });
  if (author.status !== 'DISABLED') return [author.id];
  const heads = await em.find(
    Account,
    { unit: request.authorUnit.id, title: { $in: [...UNIT_HEADING_TITLES] }, status: 'ACTIVE', id: { $ne: request.requester.id } },
    { fields: ['id'] },
  );
  return heads.map((head) => head.id);
}

/** The party the viewer is to a request, for the state machine. */
export function partyOf(viewer: Viewer, request: FolderChangeRequestEntity, authorStatus: string): ConsentParty | null {
  if (authorStatus !== 'DISABLED' && request.author.id === viewer.accountId) return 'ANSWERER';
  if (authorStatus === 'DISABLED' && viewer.headOfUnitIds.includes(request.authorUnit.id) && request.requester.id !== viewer.accountId) return 'ANSWERER';
  if (request.requester.id === viewer.accountId) return 'REQUESTER';
  return null;
}

export interface RequestChangeInput {
  itemId: string;
  kind: ChangeRequestKind;
  fileId?: string | null;
  name?: string | null;
  description?: string | null;
  folderId?: string | null;
  note?: string | null;
}

export async function requestChange(em: EntityManager, actor: Actor, input: RequestChangeInput, now = new Date()): Promise<FolderChangeRequestEntity> {
  const viewer = viewerOfActor(actor);
  const { item, folder } = await findItem(em, viewer, input.itemId, ['input', 'itemId']);
  refuse(['input', 'itemId'], requestRefusal(viewer, folder, item));
  const problems = new Problems();
  const note = optionalText(problems, ['input', 'note'], input.note?.trim() ? input.note : null, 500, 'Ghi chú');
  problems.throwIfAny();
  const stray = (field: string, present: boolean) => present && reject(['input', field], 'INVALID', `Yêu cầu ${KIND_NAME[input.kind]} không kèm trường này.`);
  stray('fileId', input.kind !== 'REPLACE' && Boolean(input.fileId));
  stray('name', input.kind !== 'EDIT' && input.name != null);
  stray('description', input.kind !== 'EDIT' && input.description != null);
  stray('folderId', input.kind !== 'MOVE' && Boolean(input.folderId));

  const proposal: Partial<FolderChangeRequestEntity> = {};
  switch (input.kind) {
    case 'REPLACE': {
      if (item.kind !== 'FILE') reject(['input', 'kind'], 'INVALID_STATE', 'Chỉ tài liệu dạng tệp mới thay thế được.');
      if (!input.fileId) reject(['input', 'fileId'], 'REQUIRED', 'Chọn tệp thay thế.');
      proposal.newFile = em.getReference(StoredFile, (await freshUpload(em, viewer, input.fileId, ['input', 'fileId'])).id, { wrapped: true });
      break;
    }
    case 'EDIT': {
      if (input.name == null && input.description == null) reject(['input', 'name'], 'REQUIRED', 'Nêu tên hoặc mô tả mới.');
      const checked = await checkMetadata(em, item, { name: input.name, description: input.description, changesDescription: input.description != null });
      if (checked.name === item.name && checked.description === (item.description ?? null)) reject(['input', 'name'], 'INVALID', 'Không có gì thay đổi.');
      proposal.newName = input.name == null ? null : checked.name;
      proposal.changesDescription = input.description != null;
      proposal.newDescription = input.description != null ? checked.description : null;
      break;
    }
    case 'MOVE': {
      if (!input.folderId) reject(['input', 'folderId'], 'REQUIRED', 'Chọn thư mục chuyển đến.');
      const target = await findFolder(em, viewer, input.folderId, ['input', 'folderId']);
      if (target.area !== 'SHARED') reject(['input', 'folderId'], 'NOT_ALLOWED', 'Không chuyển tài liệu của người khác vào khu vực cá nhân.');
      await checkMove(em, viewer, item, target);
      proposal.targetFolder = em.getReference(Folder, target.id, { wrapped: true });
      break;
    }
    case 'DELETE':
      break;
  }
  const pending = await em.count(FolderChangeRequest, { item: item.id, requester: viewer.accountId, kind: input.kind, status: 'PENDING', expiresAt: { $gt: now } });
  if (pending > 0) reject(['input', 'kind'], 'DUPLICATE', 'Bạn đã có một yêu cầu như vậy đang chờ tác giả trả lời.');

  const author = await em.findOneOrFail(Account, { id: item.author.id });
  const calendar = await loadCalendar(em, actor.organisationId);
  const request = em.create(FolderChangeRequest, {
    organisation: actor.organisationId,
    item: item.id,
    kind: input.kind,
    status: 'PENDING',
    requester: viewer.accountId,
    author: author.id,
    authorUnit: author.unit.id,
    note: note ?? null,
    ...proposal,
    expiresAt: calendar.addWorkingMinutes(now, consentWorkingDays() * calendar.workingDayMinutes),
  } as never) as FolderChangeRequestEntity;
  await em.flush();
  await announce(em, actor, 'folder_item.change_requested', { type: 'FolderItem', id: item.id }, { requestId: request.id, kind: input.kind }, [folder.id]);
  await notifyCabinet(
    em,
    actor.organisationId,
    { kind: 'CHANGE_REQUESTED', text: `Có yêu cầu ${KIND_NAME[input.kind]} tài liệu "${item.name}" cần bạn đồng ý.`, recipients: await answererIds(em, request) },
    { itemId: item.id, requestId: request.id },
  );
  return request;
}

async function findRequest(em: EntityManager, viewer: Viewer, id: string): Promise<FolderChangeRequestEntity> {
  await em.execute('select 1 from "folder_change_request" where "id" = ? for update', [id]);
  const request = await em.findOne(FolderChangeRequest, { $and: [{ id }, changeRequestPolicy.visible(viewer)] });
  if (!request) reject(['input', 'id'], 'NOT_FOUND', 'Yêu cầu không tồn tại.');
  return request;
}

/** Applies an accepted request exactly as filed, checking again what the requester was checked for. */
async function apply(em: EntityManager, actor: Actor, request: FolderChangeRequestEntity): Promise<void> {
  const requester = viewerForAccount(await em.findOneOrFail(Account, { id: request.requester.id }));
  const item = await em.findOne(FolderItem, { id: request.item.id, trashedBy: null });
  if (!item) reject(['input', 'id'], 'INVALID_STATE', 'Tài liệu không còn.');
  const folder = await em.findOneOrFail(Folder, { id: item.folder.id });
  refuse(['input', 'id'], requestRefusal(requester, folder, item));
  switch (request.kind) {
    case 'REPLACE': {
      const file = await em.findOneOrFail(StoredFile, { id: request.newFile!.id });
      request.appliedVersion = await applyNewVersion(em, actor, item, file, requester.accountId);
      break;
    }
    case 'EDIT': {
      const checked = await checkMetadata(em, item, { name: request.newName, description: request.newDescription, changesDescription: request.changesDescription });
      await applyMetadata(em, actor, item, checked);
      break;
    }
    case 'MOVE': {
      const target = request.targetFolder ? await em.findOne(Folder, { id: request.targetFolder.id, trashedBy: null }) : null;
      if (!target) reject(['input', 'id'], 'INVALID_STATE', 'Thư mục chuyển đến không còn.');
      await checkMove(em, requester, item, target);
      await applyMove(em, actor, item, target);
      break;
    }
    case 'DELETE':
      await applyDelete(em, actor, item, requester.accountId);
      break;
  }
}

export async function answerRequest(em: EntityManager, actor: Actor, input: { id: string; accept: boolean; reason?: string | null }, now = new Date()): Promise<FolderChangeRequestEntity> {
  const viewer = viewerOfActor(actor);
  const request = await findRequest(em, viewer, input.id);
  const author = await em.findOneOrFail(Account, { id: request.author.id });
  const party = partyOf(viewer, request, author.status);
  if (!party) reject(['input', 'id'], 'NOT_ALLOWED', 'Bạn không được trả lời yêu cầu này.');
  const problems = new Problems();
  const reason = optionalText(problems, ['input', 'reason'], input.reason?.trim() ? input.reason : null, 500, 'Lý do');
  problems.throwIfAny();
  const outcome = consentMove(request, input.accept ? 'ACCEPT' : 'REFUSE', party, now, reason);
  if (!outcome.ok) reject(outcome.code === 'REQUIRED' ? ['input', 'reason'] : ['input', 'id'], outcome.code, outcome.message);
  request.status = outcome.status;
  request.reason = reason ?? null;
  request.answeredBy = em.getReference(Account, viewer.accountId, { wrapped: true });
  request.answeredForAuthor = viewer.accountId !== request.author.id;
  request.answeredAt = now;
  await em.flush();
  if (outcome.applies) await apply(em, actor, request);
  const item = await em.findOneOrFail(FolderItem, { id: request.item.id });
  await announce(em, actor, input.accept ? 'folder_item.change_accepted' : 'folder_item.change_refused', { type: 'FolderItem', id: item.id }, { requestId: request.id, kind: request.kind, reason: reason ?? null, forAuthor: request.answeredForAuthor }, [item.folder.id]);
  await notifyCabinet(
    em,
    actor.organisationId,
    {
      kind: 'CHANGE_ANSWERED',
      text: input.accept
        ? `Yêu cầu ${KIND_NAME[request.kind]} tài liệu "${item.name}" đã được đồng ý và thực hiện.`
        : `Yêu cầu ${KIND_NAME[request.kind]} tài liệu "${item.name}" bị từ chối: ${reason}`,
      recipients: [request.requester.id],
    },
    { itemId: item.id, requestId: request.id },
  );
  return request;
}

export async function withdrawRequest(em: EntityManager, actor: Actor, input: { id: string }, now = new Date()): Promise<FolderChangeRequestEntity> {
  const viewer = viewerOfActor(actor);
  const request = await findRequest(em, viewer, input.id);
  const party: ConsentParty | null = request.requester.id === viewer.accountId ? 'REQUESTER' : null;
  const outcome = consentMove(request, 'WITHDRAW', party ?? 'ANSWERER', now);
  if (!outcome.ok) reject(['input', 'id'], outcome.code, outcome.message);
  request.status = outcome.status;
  await em.flush();
  await announce(em, actor, 'folder_item.change_withdrawn', { type: 'FolderItem', id: request.item.id }, { requestId: request.id }, []);
  return request;
}

/**
 * Marks the requests past their expiry as EXPIRED and tells their requesters. Each is claimed by
 * a conditional UPDATE, so sweeps running at once expire (and tell of) each request once.
 */
export async function expireRequests(em: EntityManager, now = new Date()): Promise<number> {
  const claimed = await em.execute<{ id: string; organisation_id: string; requester_id: string; item_id: string; kind: ChangeRequestKind }[]>(
    `update "folder_change_request" set "status" = 'EXPIRED' where "id" in (
       select "id" from "folder_change_request" where "status" = 'PENDING' and "expires_at" <= ? order by "expires_at" limit 500 for update skip locked
     ) returning "id", "organisation_id", "requester_id", "item_id", "kind"`,
    [now],
  );
  const byOrganisation = new Map<string, typeof claimed>();
  for (const row of claimed) byOrganisation.set(row.organisation_id, [...(byOrganisation.get(row.organisation_id) ?? []), row]);
  for (const [organisationId, rows] of byOrganisation) {
    const names = new Map((await em.find(FolderItem, { id: { $in: rows.map((row) => row.item_id) } }, { fields: ['name'], filters: false })).map((item) => [item.id, item.name]));
    await auditActs(em, systemActor(organisationId), rows.map((row) => ({ action: 'folder_item.change_expired', target: { type: 'FolderItem', id: row.item_id }, details: { requestId: row.id } })));
    for (const row of rows) {
      await notifyCabinet(
        em,
        organisationId,
        { kind: 'CHANGE_EXPIRED', text: `Yêu cầu ${KIND_NAME[row.kind]} tài liệu "${names.get(row.item_id) ?? ''}" đã hết hạn mà tác giả chưa trả lời.`, recipients: [row.requester_id] },
        { itemId: row.item_id, requestId: row.id },
      );
    }
  }
  return claimed.length;
}
