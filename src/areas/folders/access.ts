import { authorityFor, effectiveRoles, type Viewer } from '../../core/viewer.ts';
import type { AccessLevel, GranteeKind } from './folder.ts';

/**
 * Rights as keys. A grant reaches a node under one key (`a:<account>`, `u:<unit>`, `h:<unit>` for
 * its heads, `r:<organisation>:<role>`, `*:<organisation>` for everyone; a unit with its sub-units
 * is spread over `u:` keys of each unit below it when materialised). A viewer holds the keys of
 * their account, unit, headships, roles (their own and those delegated to them) and organisation,
 * so a node is readable when its `readers` and the viewer's keys overlap: one array test, in SQL
 * (GIN) as in memory.
 */
export function granteeKey(kind: GranteeKind, organisationId: string, id: string | null): string {
  switch (kind) {
    case 'ACCOUNT':
      return `a:${id}`;
    case 'UNIT':
      return `u:${id}`;
    case 'UNIT_WITH_SUBUNITS':
      return `t:${id}`;
    case 'UNIT_HEADS':
      return `h:${id}`;
    case 'ROLE':
      return `r:${organisationId}:${id}`;
    case 'EVERYONE':
      return `*:${organisationId}`;
  }
}

export const authorKey = (accountId: string) => `a:${accountId}`;
export const everyoneKey = (organisationId: string) => `*:${organisationId}`;

export function viewerKeys(viewer: Viewer): string[] {
  const organisation = viewer.organisationId;
  return [
    `a:${viewer.accountId}`,
    `u:${viewer.unitId}`,
    ...viewer.headOfUnitIds.map((unitId) => `h:${unitId}`),
    ...effectiveRoles(viewer).map((role) => `r:${organisation}:${role}`),
    `*:${organisation}`,
  ];
}

const RANK: Record<AccessLevel, number> = { READ: 1, CONTRIBUTE: 2, MANAGE: 3 };

export function atLeast(level: AccessLevel | null, wanted: AccessLevel): boolean {
  return level !== null && RANK[level] >= RANK[wanted];
}

export function higher(a: AccessLevel | null, b: AccessLevel | null): AccessLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** Levels a grant at `level` counts towards. */
export function levelsOf(level: AccessLevel): AccessLevel[] {
  return level === 'MANAGE' ? ['READ', 'CONTRIBUTE', 'MANAGE'] : level === 'CONTRIBUTE' ? ['READ', 'CONTRIBUTE'] : ['READ'];
}

export interface Materialised {
  readers: string[];
  contributors: string[];
  managers: string[];
}

function overlaps(keys: readonly string[], held: readonly string[]): boolean {
  return keys.some((key) => held.includes(key));
}

/** The viewer's level on a node from its materialised keys (an item's author is among its readers only). */
export function levelOn(viewer: Viewer, node: Materialised): AccessLevel | null {
  const keys = viewerKeys(viewer);
  if (overlaps(node.managers, keys)) return 'MANAGE';
  if (overlaps(node.contributors, keys)) return 'CONTRIBUTE';
  if (overlaps(node.readers, keys)) return 'READ';
  return null;
}

export function canRead(viewer: Viewer, node: Materialised): boolean {
  return overlaps(node.readers, viewerKeys(viewer));
}

/** IT officers keep the cabinet's structure (seed 002 Art. 15, 10.1), never its content. */
export function keepsStructure(viewer: Viewer): boolean {
  return authorityFor(viewer, ['IT_OFFICER']).allowed;
}

/** The account, unit or role a grantee key names (the inverse of granteeKey). */
export function granteeOf(kind: GranteeKind, key: string): { kind: GranteeKind; accountId: string | null; unitId: string | null; role: string | null } {
  const id = key.slice(key.lastIndexOf(':') + 1);
  return {
    kind,
    accountId: kind === 'ACCOUNT' ? id : null,
    unitId: kind === 'UNIT' || kind === 'UNIT_WITH_SUBUNITS' || kind === 'UNIT_HEADS' ? id : null,
    role: kind === 'ROLE' ? id : null,
  };
}

/** The level everyone in the organisation holds on a node, if any. */
export function everyoneLevel(organisationId: string, node: Materialised): AccessLevel | null {
  const key = everyoneKey(organisationId);
  if (node.managers.includes(key)) return 'MANAGE';
  if (node.contributors.includes(key)) return 'CONTRIBUTE';
  if (node.readers.includes(key)) return 'READ';
  return null;
}
