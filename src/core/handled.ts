import type { FilterQuery } from '@mikro-orm/core';
import { authorityFor, type Viewer } from './viewer.ts';
import type { RecordPolicy } from './policy.ts';

/**
 * The rule shared by records that people handle (documents, tasks): the people on it
 * (`handlerIds`) and the heads of the units it sits in and above (`handlerUnitIds`) see it; the
 * leaders oversee everything. Kept on the row so that lists filter through GIN indexes.
 */
export interface Handled {
  handlerIds: string[];
  handlerUnitIds: string[];
}

export function oversees(viewer: Viewer): boolean {
  return authorityFor(viewer, ['LEADER', 'DEPUTY_LEADER']).allowed;
}

export function handledByOrUnder<T extends Handled>(viewer: Viewer): FilterQuery<T>[] {
  const conditions = [{ handlerIds: { $contains: [viewer.accountId] } }] as FilterQuery<T>[];
  if (viewer.headOfUnitIds.length > 0) conditions.push({ handlerUnitIds: { $overlap: [...viewer.headOfUnitIds] } } as FilterQuery<T>);
  return conditions;
}

export function isHandlerOrAbove(viewer: Viewer, record: Handled): boolean {
  return record.handlerIds.includes(viewer.accountId) || viewer.headOfUnitIds.some((unitId) => record.handlerUnitIds.includes(unitId));
}

/** The rule as a record policy, for records that carry it and nothing more (tasks, work files). */
export function handledPolicy<E extends Handled & { organisation: { id: string } }>(): RecordPolicy<E> {
  return {
    visible(viewer) {
      const organisation = { organisation: viewer.organisationId };
      if (oversees(viewer)) return organisation as FilterQuery<E>;
      return { ...organisation, $or: handledByOrUnder<E>(viewer) } as FilterQuery<E>;
    },
    canSee(viewer, record) {
      if (record.organisation.id !== viewer.organisationId) return false;
      return oversees(viewer) || isHandlerOrAbove(viewer, record);
    },
  };
}
