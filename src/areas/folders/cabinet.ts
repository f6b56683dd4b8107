import { randomUUID } from 'node:crypto';
import { foldVietnamese, collapseSpaces } from '../../core/text.ts';
import type { AccessLevel, FolderKind, FolderZone, GranteeKind } from './folder.ts';
import { granteeKey } from './access.ts';
import { refreshFolders } from './rights-refresh.ts';
import { pgArray, type Execute } from './sql.ts';

/**
 * The cabinet's own folders (seed 002 Art. 10.1), made and kept in step with the directory: the
 * shared area "Tài liệu chia sẻ" with "Lãnh đạo", "Tin nội bộ" and "Văn bản mới" and one folder per
 * unit (named as the unit, renamed with it; read-only once the unit is gone), and a personal area
 * for every account. Idempotent: it makes only what is missing.
 *
 * Their rights are built-in grants (not withdrawable): everyone reads the shared area's root; the
 * leaders (and deputies) manage the three standard folders; everyone adds to "Tin nội bộ"; everyone
 * reads "Văn bản mới", where the clerks add; a unit's members add to its folder and its heads
 * manage it; the owner alone has their personal area. The standard and unit folders do not
 * inherit from the root, so its "everyone reads" stops at them.
 */
export const SHARED_ROOT_NAME = 'Tài liệu chia sẻ';
export const PERSONAL_ROOT_NAME = 'Tài liệu cá nhân';

interface BuiltInGrant {
  kind: GranteeKind;
  /** The account, unit or role; null for everyone. */
  id: string | null;
  level: AccessLevel;
}

const LEADERS_MANAGE: BuiltInGrant[] = [
  { kind: 'ROLE', id: 'LEADER', level: 'MANAGE' },
  { kind: 'ROLE', id: 'DEPUTY_LEADER', level: 'MANAGE' },
];

const STANDARD: { kind: FolderKind; zone: FolderZone; name: string; grants: BuiltInGrant[] }[] = [
  { kind: 'LEADERS', zone: 'LEADERS', name: 'Lãnh đạo', grants: LEADERS_MANAGE },
  { kind: 'INTERNAL_NEWS', zone: 'INTERNAL_NEWS', name: 'Tin nội bộ', grants: [{ kind: 'EVERYONE', id: null, level: 'CONTRIBUTE' }, ...LEADERS_MANAGE] },
  {
    kind: 'NEW_DOCUMENTS',
    zone: 'NEW_DOCUMENTS',
    name: 'Văn bản mới',
    grants: [{ kind: 'EVERYONE', id: null, level: 'READ' }, { kind: 'ROLE', id: 'CLERK', level: 'CONTRIBUTE' }, ...LEADERS_MANAGE],
  },
];

export const nameKeyOf = (name: string) => foldVietnamese(collapseSpaces(name));

interface NewFolder {
  id: string;
  organisationId: string;
  parent: { id: string; path: string[] } | null;
  area: 'SHARED' | 'PERSONAL';
  kind: FolderKind;
  zone: FolderZone;
  zoneUnitId?: string | null;
  unitId?: string | null;
  ownerId?: string | null;
  name: string;
  inheritsRights: boolean;
}

async function insertFolder(execute: Execute, folder: NewFolder): Promise<string[]> {
  const path = [...(folder.parent?.path ?? []), folder.id];
  await execute(
    `insert into folder (id, organisation_id, parent_id, area, kind, zone, zone_unit_id, unit_id, owner_id, name, name_key, path, rights_path, inherits_rights, readers, contributors, managers, read_only, created_by_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, '{}', '{}', '{}', false, null, now(), now())`,
    [
      folder.id,
      folder.organisationId,
      folder.parent?.id ?? null,
      folder.area,
      folder.kind,
      folder.zone,
      folder.zoneUnitId ?? null,
      folder.unitId ?? null,
      folder.ownerId ?? null,
      folder.name,
      nameKeyOf(folder.name),
      pgArray(path),
      pgArray([folder.id]),
      folder.inheritsRights,
    ],
  );
  return path;
}

async function insertBuiltInGrants(execute: Execute, organisationId: string, folderId: string, grants: readonly BuiltInGrant[]): Promise<void> {
  for (const grant of grants) {
    await execute(
      `insert into folder_grant (id, organisation_id, folder_id, item_id, target_id, grantee_kind, grantee_key, account_id, unit_id, role, level, built_in, granted_by_id, granted_at)
       values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, true, null, now()) on conflict (target_id, grantee_key) do nothing`,
      [
        randomUUID(),
        organisationId,
        folderId,
        folderId,
        grant.kind,
        granteeKey(grant.kind, organisationId, grant.id),
        grant.kind === 'ACCOUNT' ? grant.id : null,
        grant.kind === 'UNIT' || grant.kind === 'UNIT_WITH_SUBUNITS' || grant.kind === 'UNIT_HEADS' ? grant.id : null,
        grant.kind === 'ROLE' ? grant.id : null,
        grant.level,
      ],
    );
  }
}

/** A name free among the live folders and items of `parentId`: the unit's name, else with its code. */
async function freeName(execute: Execute, parentId: string, wanted: string[], exceptId: string | null): Promise<string> {
  for (const name of wanted) {
    const key = nameKeyOf(name);
    const [taken] = await execute(
      `select exists(select 1 from folder where parent_id = ? and name_key = ? and trashed_by is null and id is distinct from ?)
          or exists(select 1 from folder_item where folder_id = ? and name_key = ? and trashed_by is null) as taken`,
      [parentId, key, exceptId, parentId, key],
    );
    if (!taken?.taken) return name;
  }
  for (let n = 2; ; n += 1) {
    const name = `${wanted.at(-1)} ${n}`;
    const [taken] = await execute(`select exists(select 1 from folder where parent_id = ? and name_key = ? and trashed_by is null) as taken`, [parentId, nameKeyOf(name)]);
    if (!taken?.taken) return name;
  }
}

const unitFolderNames = (unit: { name: string; code: string }) => [unit.name.slice(0, 255), `${unit.name} (${unit.code})`.slice(0, 255)];

interface SharedRoot {
  id: string;
  path: string[];
}

/** The shared area's root and standard folders, made if missing. */
export async function ensureSharedArea(execute: Execute, organisationId: string): Promise<SharedRoot> {
  await execute('select pg_advisory_xact_lock(hashtext(?))', [`cabinet:${organisationId}`]);
  const rows = await execute(`select id, kind, path from folder where organisation_id = ? and kind in ('SHARED_ROOT', 'LEADERS', 'INTERNAL_NEWS', 'NEW_DOCUMENTS')`, [organisationId]);
  const made: string[] = [];
  let root = rows.find((row) => row.kind === 'SHARED_ROOT') as { id: string; path: string[] } | undefined;
  if (!root) {
    const id = randomUUID();
    const path = await insertFolder(execute, { id, organisationId, parent: null, area: 'SHARED', kind: 'SHARED_ROOT', zone: 'ROOT', name: SHARED_ROOT_NAME, inheritsRights: false });
    await insertBuiltInGrants(execute, organisationId, id, [{ kind: 'EVERYONE', id: null, level: 'READ' }]);
    root = { id, path };
    made.push(id);
  }
  for (const standard of STANDARD) {
    if (rows.some((row) => row.kind === standard.kind)) continue;
    const id = randomUUID();
    const name = await freeName(execute, root.id, [standard.name], null);
    await insertFolder(execute, { id, organisationId, parent: root, area: 'SHARED', kind: standard.kind, zone: standard.zone, name, inheritsRights: false });
    await insertBuiltInGrants(execute, organisationId, id, standard.grants);
    made.push(id);
  }
  await refreshFolders(execute, organisationId, made, false);
  return { id: root.id, path: root.path };
}

/** A unit's folder: made when missing, renamed when the unit was. */
export async function ensureUnitFolder(execute: Execute, organisationId: string, unitId: string): Promise<void> {
  const root = await ensureSharedArea(execute, organisationId);
  const [unit] = await execute(`select id, name, code from unit where id = ? and organisation_id = ?`, [unitId, organisationId]);
  if (!unit) return;
  const named = { name: unit.name as string, code: unit.code as string };
  const [folder] = await execute(`select id, name, parent_id from folder where unit_id = ? and kind = 'UNIT'`, [unitId]);
  if (folder) {
    if (unitFolderNames(named).includes(folder.name as string)) return;
    const name = await freeName(execute, folder.parent_id as string, unitFolderNames(named), folder.id as string);
    await execute(`update folder set name = ?, name_key = ?, updated_at = now() where id = ?`, [name, nameKeyOf(name), folder.id]);
    return;
  }
  const id = randomUUID();
  const name = await freeName(execute, root.id, unitFolderNames(named), null);
  await insertFolder(execute, { id, organisationId, parent: root, area: 'SHARED', kind: 'UNIT', zone: 'UNIT', zoneUnitId: unitId, unitId, name, inheritsRights: false });
  await insertBuiltInGrants(execute, organisationId, id, [
    { kind: 'UNIT', id: unitId, level: 'CONTRIBUTE' },
    { kind: 'UNIT_HEADS', id: unitId, level: 'MANAGE' },
  ]);
  await refreshFolders(execute, organisationId, [id], false);
}

/**
 * A dissolved unit's folder is kept read-only with everything in it (seed 002 Art. 10: its
 * documents stay where they were shared, readable by those who could read them).
 */
export async function closeUnitFolder(execute: Execute, organisationId: string, unitId: string): Promise<void> {
  await execute(
    `update folder set read_only = true, updated_at = now() where organisation_id = ? and not read_only and path && array(
       select id::text from folder where organisation_id = ? and kind = 'UNIT' and unit_id = ?)`,
    [organisationId, organisationId, unitId],
  );
}

/** The personal areas of the accounts that have none (all of the organisation's when `accountIds` is null). */
export async function ensurePersonalAreas(execute: Execute, organisationId: string, accountIds: readonly string[] | null): Promise<void> {
  const missing = await execute(
    `select a.id from account a where a.organisation_id = ? ${accountIds ? 'and a.id = any(?::uuid[])' : ''}
       and not exists (select 1 from folder f where f.owner_id = a.id and f.kind = 'PERSONAL_ROOT')`,
    accountIds ? [organisationId, pgArray(accountIds)] : [organisationId],
  );
  for (const row of missing) {
    const ownerId = row.id as string;
    const id = randomUUID();
    await insertFolder(execute, { id, organisationId, parent: null, area: 'PERSONAL', kind: 'PERSONAL_ROOT', zone: 'PERSONAL', ownerId, name: PERSONAL_ROOT_NAME, inheritsRights: false });
    await insertBuiltInGrants(execute, organisationId, id, [{ kind: 'ACCOUNT', id: ownerId, level: 'MANAGE' }]);
    // Only its owner, who manages it: no statement per area for the keys.
    const key = granteeKey('ACCOUNT', organisationId, ownerId);
    await execute(`update folder set readers = ?::text[], contributors = ?::text[], managers = ?::text[] where id = ?`, [pgArray([key]), pgArray([key]), pgArray([key]), id]);
  }
}

/** The whole cabinet of an organisation, made and brought in step with its units and accounts. */
export async function syncCabinet(execute: Execute, organisationId: string): Promise<void> {
  await ensureSharedArea(execute, organisationId);
  const units = await execute(`select id from unit where organisation_id = ? order by created_at, id`, [organisationId]);
  for (const unit of units) await ensureUnitFolder(execute, organisationId, unit.id as string);
  // A unit gone (its row deleted) leaves its folder read-only, with everything in it.
  await execute(
    `update folder set read_only = true where organisation_id = ? and not read_only and path && array(
       select id::text from folder where organisation_id = ? and kind = 'UNIT' and unit_id is null)`,
    [organisationId, organisationId],
  );
  await ensurePersonalAreas(execute, organisationId, null);
}
