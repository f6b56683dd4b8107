import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/**
 * Rows read once for all the subscribers on this instance that one batch of events reaches: by id,
 * under the tenant filter of the events' organisation and nothing else. They are not authorized
 * by themselves: a subscriber's loaders built over them (createLoaders with `shared`) keep only
 * the rows its policy's `canSee` accepts. So a change seen by a thousand subscribers costs one
 * query per kind of row, not a thousand, and each of them still gets only what they may see.
 */
export class SharedRows {
  private readonly em: EntityManager;
  private readonly byEntity = new Map<EntityName<object>, DataLoader<string, object | null>>();

  constructor(em: EntityManager) {
    this.em = em;
  }

  private loader<E extends { id: string }>(entity: EntityName<E>): DataLoader<string, E | null> {
    let loader = this.byEntity.get(entity as EntityName<object>);
    if (!loader) {
      loader = new DataLoader<string, object | null>(async (ids) => {
        const rows = await this.em.find(entity, { id: { $in: [...ids] } } as never);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.byEntity.set(entity as EntityName<object>, loader);
    }
    return loader as DataLoader<string, E | null>;
  }

  load<E extends { id: string }>(entity: EntityName<E>, id: string): Promise<E | null> {
    return this.loader(entity).load(id);
  }

  /** A row already read with another (a notice with its deliveries), so nobody reads it again. */
  prime<E extends { id: string }>(entity: EntityName<E>, row: E): void {
    this.loader(entity).prime(row.id, row);
  }
}

/**
 * Which rows an item handed to subscribers was read with: the subscription's fields then resolve
 * over the same rows (see auth/directive.ts). Weak, so the rows go when the last item does.
 */
const byItem = new WeakMap<object, SharedRows>();

export function shareRows(item: object, rows: SharedRows): void {
  byItem.set(item, rows);
}

export function sharedRowsOf(item: unknown): SharedRows | undefined {
  return typeof item === 'object' && item !== null ? byItem.get(item) : undefined;
}
