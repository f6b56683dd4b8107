import type { Role } from './titles.ts';

/**
 * Who is asking, rebuilt from the database on every HTTP request and on every change to the
 * account of an open WebSocket, so a right revoked is gone at once.
 */
export interface Viewer {
  accountId: string;
  organisationId: string;
  sessionId: string;
  sessionExpiresAt: Date;
  username: string;
  roles: readonly Role[];
  /** The unit the account belongs to (rights given to a unit reach its members). */
  unitId: string;
  /** The unit the account heads (as unit head or deputy head), if any: it oversees that unit's work. */
  headOfUnitIds: readonly string[];
  /** The units whose work the account carries: those it heads and every unit below them (carrier.ts). */
  carriesForUnitIds: readonly string[];
  mustChangePassword: boolean;
  /** Delegations in force to this account: whose authority it holds, and which roles that brings. */
  delegations: readonly { delegationId: string; fromAccountId: string; roles: readonly Role[] }[];
}

export function hasOwnRole(viewer: Pick<Viewer, 'roles'>, role: Role): boolean {
  return viewer.roles.includes(role);
}

/** One's own roles and those a delegation in force brings (the viewer's, or any account's). */
export function effectiveRoles(viewer: { roles: readonly Role[]; delegations: readonly { roles: readonly Role[] }[] }): Role[] {
  const roles = new Set<Role>(viewer.roles);
  for (const delegation of viewer.delegations) for (const role of delegation.roles) roles.add(role);
  return [...roles];
}

export type Authority = { allowed: true; onBehalfOfId: string | null } | { allowed: false };

/**
 * Whether the viewer holds one of `required` (any signed-in viewer when empty): by their own role
 * first, else through a delegation in force, in which case the act is done on the leader's behalf.
 */
export function authorityFor(viewer: Viewer, required: readonly Role[]): Authority {
  if (required.length === 0 || required.some((role) => viewer.roles.includes(role))) {
    return { allowed: true, onBehalfOfId: null };
  }
  const delegation = viewer.delegations.find((d) => required.some((role) => d.roles.includes(role)));
  return delegation ? { allowed: true, onBehalfOfId: delegation.fromAccountId } : { allowed: false };
}

