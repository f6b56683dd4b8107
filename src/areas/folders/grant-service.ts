import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { fromGlobalId } from '../../core/ids.ts';
import { ROLES, UNIT_HEADING_TITLES, type Role } from '../../core/titles.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { Account, OPEN_UNIT, unitsAndDescendants, Unit } from '../accounts/public.ts';
import { atLeast, granteeKey } from './access.ts';
import { announce, findFolder, findItem, viewerOfActor } from './common.ts';
import { refuse } from '../../core/ability.ts';
import { FolderGrant, FolderRightChange, type AccessLevel, type FolderEntity, type FolderGrantEntity, type FolderItemEntity, type GranteeKind, type RightChangeAction } from './folder.ts';
import { notifyCabinet } from './folder-notices.ts';
import { inheritanceRefusal, rightsRefusal } from './folder-rules.ts';
import { refreshFolders, refreshItems } from './rights-refresh.ts';
import { executeWith } from './sql.ts';

/**
 * Rights on folders and items (issue 14 §3): the author of an item or a manager grants people,
 * units (with or without their sub-units), the heads of a unit, roles or everyone one of READ,
 * CONTRIBUTE, MANAGE, never above their own level there. Rights reach the folders and items below
 * unless one breaks inheritance. Every grant, change, withdrawal and inheritance switch is kept
 * (FolderRightChange, Decree 30 Appendix VI) and goes on the audit trail.
 */
export interface GranteeInput {
  kind: GranteeKind;
  accountId?: string | null;
  unitId?: string | null;
  role?: string | null;
}

interface Target {
  folder: FolderEntity;
  item: FolderItemEntity | null;
}

const LEVEL_NAME: Record<AccessLevel, string> = { READ: 'đọc', CONTRIBUTE: 'đóng góp', MANAGE: 'quản lý' };

/** The folder or item a global id names, if the viewer may see it. */
export async function findTarget(em: EntityManager, actor: Actor, globalId: string, field: string[]): Promise<Target> {
  const viewer = viewerOfActor(actor);
  const decoded = fromGlobalId(globalId);
  if (decoded?.type === 'Folder') return { folder: await findFolder(em, viewer, decoded.id, field), item: null };
  if (decoded?.type === 'FolderItem') return findItem(em, viewer, decoded.id, field);
  reject(field, 'NOT_FOUND', 'Thư mục hoặc tài liệu không tồn tại.');
}

/** The grantee, checked to exist in the organisation (and an account to be active). */
async function checkGrantee(em: EntityManager, actor: Actor, input: GranteeInput): Promise<{ key: string; accountId: string | null; unitId: string | null; role: Role | null }> {
  const problems = new Problems();
  const field = ['input', 'grantee'];
  const needs = { account: input.kind === 'ACCOUNT', unit: ['UNIT', 'UNIT_WITH_SUBUNITS', 'UNIT_HEADS'].includes(input.kind), role: input.kind === 'ROLE' };
  if (Boolean(input.accountId) !== needs.account) problems.add([...field, 'accountId'], needs.account ? 'REQUIRED' : 'INVALID', needs.account ? 'Chọn người được cấp quyền.' : 'Chỉ cấp quyền cho người (ACCOUNT) mới chọn người.');
  if (Boolean(input.unitId) !== needs.unit) problems.add([...field, 'unitId'], needs.unit ? 'REQUIRED' : 'INVALID', needs.unit ? 'Chọn đơn vị được cấp quyền.' : 'Loại người được cấp quyền này không chọn đơn vị.');
  if (Boolean(input.role) !== needs.role) problems.add([...field, 'role'], needs.role ? 'REQUIRED' : 'INVALID', needs.role ? 'Chọn vai trò được cấp quyền.' : 'Loại người được cấp quyền này không chọn vai trò.');
  problems.throwIfAny();
  if (needs.account) {
    const account = await em.findOne(Account, { id: input.accountId!, status: 'ACTIVE' });
    if (!account) reject([...field, 'accountId'], 'NOT_FOUND', 'Người được cấp quyền không tồn tại hoặc không hoạt động.');
  }
  if (needs.unit && !(await em.findOne(Unit, { id: input.unitId!, ...OPEN_UNIT }))) reject([...field, 'unitId'], 'INVALID_UNIT', 'Đơn vị không tồn tại.');
  if (needs.role && !ROLES.includes(input.role as Role)) reject([...field, 'role'], 'INVALID', 'Vai trò không hợp lệ.');
  const id = input.accountId ?? input.unitId ?? input.role ?? null;
  return { key: granteeKey(input.kind, actor.organisationId, id), accountId: input.accountId ?? null, unitId: input.unitId ?? null, role: (input.role as Role) ?? null };
}

/** The active accounts a grant reaches (to tell them), the actor left out. */
async function accountsReached(em: EntityManager, actor: Actor, grant: FolderGrantEntity): Promise<string[]> {
  let where: object;
  switch (grant.granteeKind) {
    case 'ACCOUNT':
      where = { id: grant.account!.id };
      break;
    case 'UNIT':
      where = { unit: grant.unit!.id };
      break;
    case 'UNIT_WITH_SUBUNITS':
      where = { unit: { $in: (await unitsAndDescendants(em, [grant.unit!.id], actor.organisationId)).ids } };
      break;
    case 'UNIT_HEADS':
      where = { unit: grant.unit!.id, title: { $in: [...UNIT_HEADING_TITLES] } };
      break;
    case 'ROLE':
      where = { roles: { $contains: [grant.role!] } };
      break;
    case 'EVERYONE':
      where = {};
  }
  const accounts = await em.find(Account, { ...where, status: 'ACTIVE', id: { $ne: actor.accountId! } } as never, { fields: ['id'] });
  return accounts.map((account) => account.id);
}

async function refreshTarget(em: EntityManager, actor: Actor, target: Target): Promise<void> {
  const execute = executeWith(em);
  if (target.item) await refreshItems(execute, actor.organisationId, [target.item.id]);
  else await refreshFolders(execute, actor.organisationId, [target.folder.id]);
  // Raw statements changed the rows: the payload shows them as they are now.
  if (target.item) await em.refresh(target.item);
  await em.refresh(target.folder);
}

function recordChange(em: EntityManager, actor: Actor, target: Target, action: RightChangeAction, grant: Pick<FolderGrantEntity, 'granteeKind' | 'granteeKey'> | null, level: AccessLevel | null, previousLevel: AccessLevel | null) {
  em.create(FolderRightChange, {
    organisation: actor.organisationId,
    folder: target.item ? null : target.folder.id,
    item: target.item?.id ?? null,
    targetId: target.item?.id ?? target.folder.id,
    action,
    granteeKind: grant?.granteeKind ?? null,
    granteeKey: grant?.granteeKey ?? null,
    level,
    previousLevel,
    by: actor.accountId!,
  });
}

const targetRef = (target: Target) => (target.item ? { type: 'FolderItem' as const, id: target.item.id } : { type: 'Folder' as const, id: target.folder.id });
const targetLabel = (target: Target) => (target.item ? `tài liệu "${target.item.name}"` : `thư mục "${target.folder.name}"`);

/**
 * Puts a grant on a target the caller has found and checked: new, or a changed level. Returns it.
 * Also used for the right a folder's creator gets on it.
 */
export async function putGrant(em: EntityManager, actor: Actor, target: Target, grantee: GranteeInput, level: AccessLevel, options: { refresh: boolean }): Promise<FolderGrantEntity> {
  const checked = await checkGrantee(em, actor, grantee);
  const targetId = target.item?.id ?? target.folder.id;
  const existing = await em.findOne(FolderGrant, { targetId, granteeKey: checked.key });
  const viewer = viewerOfActor(actor);
  let grant: FolderGrantEntity;
  let previous: AccessLevel | null = null;
  if (existing) {
    if (existing.builtIn) reject(['input', 'grantee'], 'NOT_ALLOWED', 'Quyền có sẵn của tủ tài liệu không thay đổi được.');
    if (existing.level === level) reject(['input', 'level'], 'DUPLICATE', 'Người này đã có quyền đó.');
    refuse(null, rightsRefusal(viewer, target.folder, target.item, existing.level as AccessLevel));
    previous = existing.level as AccessLevel;
    existing.level = level;
    existing.grantedBy = em.getReference(Account, actor.accountId!, { wrapped: true });
    existing.grantedAt = new Date();
    grant = existing;
  } else {
    grant = em.create(FolderGrant, {
      organisation: actor.organisationId,
      folder: target.item ? null : target.folder.id,
      item: target.item?.id ?? null,
      targetId,
      granteeKind: grantee.kind,
      granteeKey: checked.key,
      account: checked.accountId,
      unit: checked.unitId,
      role: checked.role,
      level,
      builtIn: false,
      grantedBy: actor.accountId!,
    });
  }
  recordChange(em, actor, target, previous ? 'CHANGED' : 'GRANTED', grant, level, previous);
  await em.flush();
  if (options.refresh) await refreshTarget(em, actor, target);
  return grant;
}

export async function grantAccess(em: EntityManager, actor: Actor, input: { targetId: string; grantee: GranteeInput; level: AccessLevel }): Promise<Target & { grant: FolderGrantEntity }> {
  const viewer = viewerOfActor(actor);
  const target = await findTarget(em, actor, input.targetId, ['input', 'targetId']);
  refuse(null, rightsRefusal(viewer, target.folder, target.item, input.level));
  const before = await em.findOne(FolderGrant, { targetId: target.item?.id ?? target.folder.id, granteeKey: granteeKey(input.grantee.kind, actor.organisationId, input.grantee.accountId ?? input.grantee.unitId ?? input.grantee.role ?? null) });
  const previous = (before?.level as AccessLevel | undefined) ?? null;
  const grant = await putGrant(em, actor, target, input.grantee, input.level, { refresh: true });
  await announce(em, actor, target.item ? 'folder_item.access_granted' : 'folder.access_granted', targetRef(target), { grantee: grant.granteeKey, level: input.level, previousLevel: previous }, [target.folder.id]);
  // Told only when they gain something.
  if (!atLeast(previous, input.level)) {
    await notifyCabinet(
      em,
      actor.organisationId,
      { kind: 'FOLDER_SHARED', text: `Bạn được cấp quyền ${LEVEL_NAME[input.level]} ${targetLabel(target)}.`, recipients: await accountsReached(em, actor, grant) },
      { folderId: target.item ? null : target.folder.id, itemId: target.item?.id ?? null },
    );
  }
  return { ...target, grant };
}

export async function withdrawAccess(em: EntityManager, actor: Actor, input: { grantId: string }): Promise<Target> {
  const viewer = viewerOfActor(actor);
  const grant = await em.findOne(FolderGrant, { id: input.grantId });
  if (!grant) reject(['input', 'grantId'], 'NOT_FOUND', 'Quyền không tồn tại.');
  const target: Target = grant.item
    ? await findItem(em, viewer, grant.item.id, ['input', 'grantId'])
    : { folder: await findFolder(em, viewer, grant.folder!.id, ['input', 'grantId']), item: null };
  if (grant.builtIn) reject(['input', 'grantId'], 'NOT_ALLOWED', 'Quyền có sẵn của tủ tài liệu không thu hồi được.');
  refuse(null, rightsRefusal(viewer, target.folder, target.item, grant.level as AccessLevel));
  recordChange(em, actor, target, 'WITHDRAWN', grant, null, grant.level as AccessLevel);
  em.remove(grant);
  await em.flush();
  await refreshTarget(em, actor, target);
  await announce(em, actor, target.item ? 'folder_item.access_withdrawn' : 'folder.access_withdrawn', targetRef(target), { grantee: grant.granteeKey, level: grant.level }, [target.folder.id]);
  return target;
}

/**
 * Breaking inheritance copies the rights then in force onto the target (as its own, withdrawable),
 * so nobody loses access at that moment; from then on changes above no longer reach it.
 * Restoring it keeps the target's own grants.
 */
export async function setInheritance(em: EntityManager, actor: Actor, input: { targetId: string; inherits: boolean }): Promise<Target> {
  const viewer = viewerOfActor(actor);
  const target = await findTarget(em, actor, input.targetId, ['input', 'targetId']);
  refuse(null, inheritanceRefusal(viewer, target.folder, target.item));
  const node = target.item ?? target.folder;
  if (node.inheritsRights === input.inherits) reject(['input', 'inherits'], 'INVALID_STATE', input.inherits ? 'Đang kế thừa quyền.' : 'Đã ngừng kế thừa quyền.');
  if (!input.inherits) {
    // The inherited grants: those on the rights-path other than the node's own.
    const inherited = await em.find(FolderGrant, { targetId: { $in: node.rightsPath.filter((id) => id !== node.id) } }, { orderBy: { grantedAt: 'asc' } });
    const own = new Set((await em.find(FolderGrant, { targetId: node.id }, { fields: ['granteeKey', 'level'] })).map((grant) => grant.granteeKey));
    const strongest = new Map<string, FolderGrantEntity>();
    for (const grant of inherited) {
      const kept = strongest.get(grant.granteeKey);
      if (!kept || atLeast(grant.level as AccessLevel, kept.level as AccessLevel)) strongest.set(grant.granteeKey, grant);
    }
    for (const grant of strongest.values()) {
      if (own.has(grant.granteeKey)) continue;
      em.create(FolderGrant, {
        organisation: actor.organisationId,
        folder: target.item ? null : target.folder.id,
        item: target.item?.id ?? null,
        targetId: node.id,
        granteeKind: grant.granteeKind,
        granteeKey: grant.granteeKey,
        account: grant.account?.id ?? null,
        unit: grant.unit?.id ?? null,
        role: grant.role ?? null,
        level: grant.level,
        builtIn: false,
        grantedBy: actor.accountId!,
      });
    }
  }
  node.inheritsRights = input.inherits;
  recordChange(em, actor, target, input.inherits ? 'INHERITANCE_RESTORED' : 'INHERITANCE_BROKEN', null, null, null);
  await em.flush();
  await refreshTarget(em, actor, target);
  await announce(em, actor, input.inherits ? 'folder.inheritance_restored' : 'folder.inheritance_broken', targetRef(target), {}, [target.folder.id]);
  return target;
}

