import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { findRows } from './lean-rows.ts';
import type { RecordPolicy } from './policy.ts';
import type { SharedRows } from './shared-rows.ts';
import type { Viewer } from './viewer.ts';

/**
 * Per-request batch loaders. Each area declares its own (`loaders.ts`, listed in its module) and
 * adds them to `Loaders` below by declaration merging, so `context.loaders.document` is typed
 * wherever it is used while the core knows no area. Every load of a record goes through the
 * record's policy, so a field resolver can never hand out a record its viewer may not see: it
 * reads as null, like one that does not exist. Over `shared` rows (a subscription event, read once
 * for all its subscribers) the policy is applied in memory with `canSee`, its single-record form.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by each area
export interface Loaders {}

/** What a request's loaders read with: its EntityManager, its viewer, and an event's shared rows. */
export interface Scope {
  em: EntityManager;
  viewer: Viewer | null;
  shared: SharedRows | undefined;
}

/** An area's loaders: each made from the request's scope, on first use. */
export type LoaderMakers = Record<string, (scope: Scope) => unknown>;
/** The loaders an area's makers make, for its `declare module` line. */
export type LoadersOf<M extends LoaderMakers> = { readonly [K in keyof M]: ReturnType<M[K]> };
export type LoaderFactory = (em: EntityManager, viewer: Viewer | null, shared?: SharedRows) => Loaders;

/** Records by id, each through its policy. */
export function visibleById<E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>) {
  return visibleThrough(entity, policy, (em, where) => em.find(entity, where));
}

/** Records by id through their policy, read as rows for display (lean-rows.ts): for the hot ones. */
export function visibleRowsById<E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>) {
  return visibleThrough(entity, policy, (em, where) => findRows(em, entity, where));
}

function visibleThrough<E extends { id: string }>(entity: EntityName<E>, policy: RecordPolicy<E>, read: (em: EntityManager, where: FilterQuery<E>) => Promise<E[]>) {
  return ({ em, viewer, shared }: Scope) =>
    new DataLoader<string, E | null>(async (ids) => {
      if (!viewer) return ids.map(() => null);
      if (shared) {
        const rows = await Promise.all(ids.map((id) => shared.load(entity, id)));
        return rows.map((row) => (row && policy.canSee(viewer, row) ? row : null));
      }
      const rows = await read(em, { $and: [{ id: { $in: [...ids] } }, policy.visible(viewer)] } as never);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
}

/**
 * The rows of each parent (a document's comments, a task's reports…) in one query for any number of
 * parents, in `orderBy` order. For parents already checked by their caller: no policy here.
 */
export function childrenOf<E extends object>(entity: EntityName<E>, parent: keyof E & string, orderBy: Record<string, 'asc' | 'desc'>, populate: string[] = []) {
  return ({ em }: Scope) =>
    new DataLoader<string, E[]>(async (parentIds) => {
      const rows = await em.find(entity, { [parent]: { $in: [...parentIds] } } as never, { orderBy, populate } as never);
      const byParent = new Map<string, E[]>();
      for (const row of rows) {
        const key = (row[parent] as { id: string }).id;
        byParent.set(key, [...(byParent.get(key) ?? []), row]);
      }
      return parentIds.map((id) => byParent.get(id) ?? []);
    });
}

/**
 * Loaders made from `makers`, each on first use: a subscription keeps a context (and a fresh one
 * per event) for as long as it lives and uses two or three loaders; thousands of subscriptions
 * would otherwise each hold all of them. The ones made are the object's own enumerable
 * properties, so `Object.values` (clearing after a mutation) sees exactly those.
 */
export function lazyLoaderFactory(makers: LoaderMakers): LoaderFactory {
  class LazyLoaders {
    readonly #scope: Scope;
    constructor(scope: Scope) {
      this.#scope = scope;
    }

    static {
      for (const [name, make] of Object.entries(makers)) {
        Object.defineProperty(LazyLoaders.prototype, name, {
          get(this: LazyLoaders) {
            const loader = make(this.#scope);
            Object.defineProperty(this, name, { value: loader, enumerable: true });
            return loader;
          },
        });
      }
    }
  }
  return (em, viewer, shared) => new LazyLoaders({ em, viewer, shared }) as unknown as Loaders;
}
