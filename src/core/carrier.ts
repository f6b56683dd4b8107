import type { FilterQuery } from '@mikro-orm/core';
import type { Viewer } from './viewer.ts';

/**
 * Who carries work given to a person or a unit (an assignment, a task): the person, or a head of
 * the unit or of a unit above it — the one who answers for the unit's work and may hand it on.
 * Written once, as the SQL filter of lists and counts ("my work", CARRIED_BY_ME) and as the check
 * of one record (the domain's "may report / pass on / complete", subscriptions' "is it mine").
 */
export type Carrier = Pick<Viewer, 'accountId' | 'carriesForUnitIds'>;

/** What work given to someone looks like: to a person, or to a unit. */
export interface GivenWork {
  assigneeAccount?: { id: string } | null;
  assigneeUnit?: { id: string } | null;
}

export function carriedBy(carrier: Carrier): FilterQuery<GivenWork> {
  const units = carrier.carriesForUnitIds;
  return (units.length > 0 ? { $or: [{ assigneeAccount: carrier.accountId }, { assigneeUnit: { $in: [...units] } }] } : { assigneeAccount: carrier.accountId }) as FilterQuery<GivenWork>;
}

export function carries(carrier: Carrier, work: GivenWork): boolean {
  // Exactly the filter above, row by row.
  return work.assigneeAccount?.id === carrier.accountId || (work.assigneeUnit != null && carrier.carriesForUnitIds.includes(work.assigneeUnit.id));
}
