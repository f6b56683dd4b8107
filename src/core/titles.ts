/**
 * Positions (chức vụ) and rights (quyền) of an account. A title says where a person sits; roles say
 * what the system lets them do. They are kept apart because a specialist may also be the clerk of
 * the confidential register, and a deputy gains the leader's rights only through a delegation.
 */
export const TITLES = [
  'LEADER',
  'DEPUTY_LEADER',
  'UNIT_HEAD',
  'DEPUTY_UNIT_HEAD',
  'SPECIALIST',
  'CLERK',
  'IT_OFFICER',
] as const;
export type Title = (typeof TITLES)[number];

/** Leading positions, highest first: seed 004 Art. 3 §2.2 lets them keep the plain username. */
const LEADING_TITLES: readonly Title[] = ['LEADER', 'DEPUTY_LEADER', 'UNIT_HEAD', 'DEPUTY_UNIT_HEAD'];

export function isLeadingTitle(title: Title): boolean {
  return LEADING_TITLES.includes(title);
}

/** 0 for the head of the organisation, growing down the hierarchy; non-leading titles last. */
export function titleRank(title: Title): number {
  const rank = LEADING_TITLES.indexOf(title);
  return rank === -1 ? LEADING_TITLES.length : rank;
}

export const ROLES = [
  'LEADER',
  'DEPUTY_LEADER',
  'UNIT_HEAD',
  'SPECIALIST',
  'CLERK',
  'CONFIDENTIAL_CLERK',
  'IT_OFFICER',
  'INFORMATION_LEAD',
  'MAILBOX_READER',
  'ONE_STOP_DESK',
  'LEGAL_APPRAISER',
  'ARCHIVIST',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['ACTIVE', 'LOCKED', 'DISABLED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const UNIT_KINDS = ['PHONG', 'BAN', 'NHOM', 'VAN_PHONG', 'KHAC'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Roles that open sealed records (classified content, the shared mailbox, every document of the
 * agency): granting one takes two people, an IT officer who proposes and a leader of the
 * organisation who confirms (issue 11; seed 003: the IT department grants rights). Revoking one,
 * like any right, takes effect at once.
 */
// The archive officer reads every document of the work files handed to the archive.
export const SEALED_ROLES: readonly Role[] = ['LEADER', 'DEPUTY_LEADER', 'CONFIDENTIAL_CLERK', 'INFORMATION_LEAD', 'MAILBOX_READER', 'ARCHIVIST'];

/** The positions that head a unit: their holder oversees the unit's work, classified content included. */
export const UNIT_HEADING_TITLES: readonly Title[] = ['UNIT_HEAD', 'DEPUTY_UNIT_HEAD'];

/**
 * Positions that carry rights over sealed records: heading a unit, or being a deputy of the head
 * who may receive the leader's delegation. Taking one is confirmed like a sealed role.
 */
export const SEALED_TITLES: readonly Title[] = ['LEADER', 'DEPUTY_LEADER', ...UNIT_HEADING_TITLES];

export function isSealedRole(role: Role): boolean {
  return SEALED_ROLES.includes(role);
}

export function isSealedTitle(title: Title): boolean {
  return SEALED_TITLES.includes(title);
}
