import type { FilterQuery } from '@mikro-orm/core';
import type { Actor } from './actor.ts';
import type { Viewer } from './viewer.ts';

/**
 * A record rule, written once and used two ways: as an SQL predicate for lists, searches and
 * counts (so pages are full and totals honest), and as a check of one loaded record.
 * Tests hold the two to the same answer.
 */
export interface RecordPolicy<E extends object> {
  visible(viewer: Viewer): FilterQuery<E>;
  canSee(viewer: Viewer, record: E): boolean;
}

/**
 * `where` narrowed to the records the actor may see (all of them for the deployment itself): a
 * mutation naming a record its actor may not see finds nothing, exactly as a query would, so it
 * tells nothing of its existence.
 */
export function withinSight<E extends object>(actor: Actor, policy: RecordPolicy<E>, where: FilterQuery<E>): FilterQuery<E> {
  return actor.viewer ? ({ $and: [where, policy.visible(actor.viewer)] } as FilterQuery<E>) : where;
}

/** A predicate no row satisfies, for viewers who may see none of a kind. */
export const NOTHING = { id: { $in: [] as string[] } };

/**
 * A rule read as conditions every visible record meets and the ways a viewer may see one: a record
 * is visible when it meets `base` and at least one way. Kept apart for counts, which add the ways
 * up one by one so that each is counted from its own index (src/server/count-by-ways.ts).
 */
export interface Ways<E extends object> {
  base: FilterQuery<E>;
  ways: FilterQuery<E>[];
}

export function anyWay<E extends object>(rule: Ways<E>): FilterQuery<E> {
  return { ...rule.base, $or: rule.ways } as FilterQuery<E>;
}
