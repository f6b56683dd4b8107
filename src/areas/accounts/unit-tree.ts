import type { UnitEntity } from './unit.ts';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Units with every unit below them, in one recursive query, within the caller's organisation
 * (the tenant filter does not reach raw SQL, so the organisation is named here).
 */
export async function unitsAndDescendants(
  em: EntityManager,
  unitIds: readonly string[],
  organisationId?: string,
): Promise<{ ids: string[]; requested: number }> {
  if (unitIds.length === 0) return { ids: [], requested: 0 };
  const organisation = organisationId ?? (em.getFilterParams('tenant') as { organisationId?: string } | undefined)?.organisationId;
  if (!organisation) throw new Error('unitsAndDescendants needs an organisation');
  const requested = await em.execute<{ id: string }[]>(`select id from unit where id in (?) and organisation_id = ?`, [[...unitIds], organisation]);
  if (requested.length === 0) return { ids: [], requested: 0 };
  const rows = await em.execute<{ id: string }[]>(
    `with recursive down as (
       select id from unit where id in (?)
       union
       select u.id from unit u join down on u.parent_id = down.id
     ) select id from down`,
    [requested.map((row) => row.id)],
  );
  return { ids: rows.map((row) => row.id), requested: requested.length };
}

/** Parents before children, siblings by name. */
export function treeOrder(units: UnitEntity[]): UnitEntity[] {
  const children = new Map<string | null, UnitEntity[]>();
  for (const unit of units) {
    const parent = unit.parent?.id ?? null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered: UnitEntity[] = [];
  const visit = (parent: string | null) => {
    for (const unit of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      ordered.push(unit);
      visit(unit.id);
    }
  };
  visit(null);
  return ordered;
}

/** The units and every unit above them: whose heads oversee work handed to people in them. */
export async function unitsAndAncestors(em: EntityManager, unitIds: readonly string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await em.execute<{ id: string }[]>(
    `with recursive up as (
       select id, parent_id from unit where id in (?)
       union
       select u.id, u.parent_id from unit u join up on u.id = up.parent_id
     ) select id from up`,
    [[...new Set(unitIds)]],
  );
  return rows.map((row) => row.id).sort();
}
