import { pgArray, type Execute } from './sql.ts';

/**
 * Recomputes what reaches each node (rights-path and the readers, contributors and managers keys;
 * see access.ts) after a grant, a withdrawal, an inheritance switch, a move or a change of the unit
 * tree. Set-based: one statement for every folder of the subtrees, one for their items.
 *
 * A node's rights-path is itself and, while it inherits, its parent's rights-path (an item's parent
 * is its folder); its keys are those of the grants on the folders and items of that path, a unit
 * "with its sub-units" spread over each unit below it now, and an item's author among its readers.
 */
const UNITS_BELOW = `units_below(root, id) as (
    select id, id from unit where organisation_id = ?
    union all
    select b.root, u.id from unit u join units_below b on u.parent_id = b.id
  )`;

/**
 * The keys at `levels` of the grants on a node's rights-path (`t.rights_path`), a unit with its
 * sub-units spread over the units below it. A correlated subquery per node, each an index look-up
 * per folder of the path: its cost grows with the nodes refreshed, whatever the planner thinks of
 * the tables (a join of the nodes with their aggregated keys took minutes on a fresh table).
 */
function keysAt(levels: string): string {
  return `array(select distinct case when g.grantee_kind = 'UNIT_WITH_SUBUNITS' then 'u:' || b.id::text else g.grantee_key end
      from unnest(t.rights_path) as r(target)
      join folder_grant g on g.target_id = r.target::uuid
      left join units_below b on g.grantee_kind = 'UNIT_WITH_SUBUNITS' and b.root = g.unit_id
      where g.level in (${levels}) and (g.grantee_kind <> 'UNIT_WITH_SUBUNITS' or b.id is not null))`;
}

const READERS = keysAt(`'READ', 'CONTRIBUTE', 'MANAGE'`);
const CONTRIBUTORS = keysAt(`'CONTRIBUTE', 'MANAGE'`);
const MANAGERS = keysAt(`'MANAGE'`);

/** Every folder in the subtrees of `rootIds` (themselves included), then their items. */
export async function refreshFolders(execute: Execute, organisationId: string, rootIds: readonly string[], withItems = true): Promise<void> {
  if (rootIds.length === 0) return;
  await execute(
    `with recursive ${UNITS_BELOW},
    nodes(id, rights_path) as (
      select f.id, case when f.inherits_rights and p.id is not null then p.rights_path || f.id::text else array[f.id::text] end
      from folder f left join folder p on p.id = f.parent_id
      where f.id = any(?::uuid[]) and f.organisation_id = ?
      union all
      select c.id, case when c.inherits_rights then t.rights_path || c.id::text else array[c.id::text] end
      from folder c join nodes t on c.parent_id = t.id
    )
    update folder f set rights_path = t.rights_path, readers = ${READERS}, contributors = ${CONTRIBUTORS}, managers = ${MANAGERS}
    from nodes t
    where f.id = t.id`,
    [organisationId, pgArray(rootIds), organisationId],
  );
  if (withItems) await refreshItemsWhere(execute, organisationId, 'f.path && ?::text[]', pgArray(rootIds));
}

/** The items named. */
export async function refreshItems(execute: Execute, organisationId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await refreshItemsWhere(execute, organisationId, 'i.id = any(?::uuid[])', pgArray(itemIds));
}

async function refreshItemsWhere(execute: Execute, organisationId: string, where: string, parameter: string): Promise<void> {
  await execute(
    `with recursive ${UNITS_BELOW},
    nodes as (
      select i.id, i.author_id, case when i.inherits_rights then f.rights_path || i.id::text else array[i.id::text] end as rights_path
      from folder_item i join folder f on f.id = i.folder_id
      where ${where} and i.organisation_id = ?
    )
    update folder_item i set rights_path = t.rights_path,
      readers = array(select distinct key from unnest(${READERS} || ('a:' || t.author_id::text)) as key),
      contributors = ${CONTRIBUTORS}, managers = ${MANAGERS}
    from nodes t
    where i.id = t.id`,
    [organisationId, parameter, organisationId],
  );
}

/**
 * After a unit is created or moved: every node reached by a grant to a unit with its sub-units
 * (the units below it have changed).
 */
export async function refreshUnitTreeGrants(execute: Execute, organisationId: string): Promise<void> {
  const targets = await execute(
    `select distinct folder_id, item_id from folder_grant where organisation_id = ? and grantee_kind = 'UNIT_WITH_SUBUNITS'`,
    [organisationId],
  );
  const folders = targets.map((row) => row.folder_id as string | null).filter((id): id is string => Boolean(id));
  const items = targets.map((row) => row.item_id as string | null).filter((id): id is string => Boolean(id));
  await refreshFolders(execute, organisationId, folders);
  await refreshItems(execute, organisationId, items);
}
