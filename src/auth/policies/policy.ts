import type { FilterQuery } from '@mikro-orm/core';
import type { Viewer } from '../viewer.ts';

/**
 * A record rule, written once and used two ways: as an SQL predicate for lists, searches and
 * counts (so pages are full and totals honest), and as a check of one loaded record.
 * Tests hold the two to the same answer.
 */
export interface RecordPolicy<E extends object> {
  visible(viewer: Viewer): FilterQuery<E>;
  canSee(viewer: Viewer, record: E): boolean;
}

/** A predicate no row satisfies, for viewers who may see none of a kind. */
export const NOTHING = { id: { $in: [] as string[] } };
