import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct, auditActs } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { publishAll } from '../../core/events.ts';
import type { Role, Title } from '../../core/titles.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { optionalText, requiredText } from '../../core/validation.ts';
import { Account, type AccountEntity } from './account.ts';
import { Delegation } from './delegation.ts';
import { RightsGrant, type RightsGrantEntity } from './rights-grant.ts';
import { canDecideGrant } from './rights-grant-policy.ts';
import { OPEN_UNIT, Unit } from './unit.ts';

/**
 * Two people for a sealed right (issue 11): an IT officer proposes roles, a position or a unit that
 * open sealed records (seed 003: the IT department grants rights); a leader of the organisation
 * confirms or refuses. Until confirmed, none of it is in effect. Every step goes on the audit trail;
 * a confirmation takes effect on open subscriptions at once (`rightsChanged`).
 */

export interface ProposedRights {
  roles?: readonly Role[];
  title?: Title | null;
  unitId?: string | null;
}

const SELF = 'Không ai tự thay đổi tài khoản hoặc quyền của chính mình.';

/** The account a mutation changes the rights of: never the actor's own (nobody changes their own rights). */
export function refuseSelf(actor: Actor, account: AccountEntity, field: string[] = ['input', 'id']): void {
  if (actor.accountId !== null && account.id === actor.accountId) reject(field, 'NOT_ALLOWED', SELF);
}

/**
 * Announces that an account's rights changed: to its own open connections, and to those of every
 * deputy holding (or about to hold) a delegation from it, whose rights come from the leader's.
 */
export async function rightsChanged(em: EntityManager, organisationId: string, accountId: string, now = new Date()): Promise<void> {
  const deputies = await em.find(Delegation, { from: accountId, revokedAt: null, endsAt: { $gt: now } }, { fields: ['to'] });
  const accounts = [...new Set([accountId, ...deputies.map((delegation) => delegation.to.id)])];
  await publishAll(em, accounts.map((id) => ({ type: 'account.changed' as const, accountId: id, organisationId })));
}

/** Proposes sealed rights for `account`; the caller has checked what the change is. */
export async function proposeRights(
  em: EntityManager,
  actor: Actor,
  account: AccountEntity,
  rights: ProposedRights,
  reason?: string | null,
  field: string[] = ['input', 'id'],
): Promise<RightsGrantEntity> {
  if (!actor.accountId || !actor.ownRoles.includes('IT_OFFICER')) reject(null, 'NOT_ALLOWED', 'Chỉ cán bộ CNTT đề xuất cấp quyền.');
  refuseSelf(actor, account, field);
  if (account.status === 'DISABLED') reject(field, 'INVALID_STATE', 'Tài khoản đã vô hiệu hóa.');
  const problems = new Problems();
  const why = optionalText(problems, ['input', 'reason'], reason, 500, 'Lý do đề xuất');
  problems.throwIfAny();
  const roles = [...new Set(rights.roles ?? [])].filter((role) => !account.roles.includes(role));
  const title = rights.title && rights.title !== account.title ? rights.title : null;
  const unitId = rights.unitId && rights.unitId !== account.unit.id ? rights.unitId : null;
  if (roles.length === 0 && !title && !unitId) reject(['input', 'roles'], 'INVALID', 'Tài khoản đã có các quyền được đề xuất.');
  const grant = em.create(RightsGrant, {
    organisation: actor.organisationId,
    account: account.id,
    roles,
    title,
    unit: unitId,
    reason: why ?? null,
    proposedBy: actor.accountId,
  });
  await em.flush();
  await auditAct(em, actor, 'rights_grant.proposed', { type: 'RightsGrant', id: grant.id }, { accountId: account.id, username: account.username, roles, title, unitId, reason: why ?? null });
  return grant;
}

/** A proposal of the IT officer on its own (proposeRightsGrant): roles, a position, a unit. */
export async function proposeRightsGrant(
  em: EntityManager,
  actor: Actor,
  input: { accountId: string; roles?: readonly Role[] | null; title?: Title | null; unitId?: string | null; reason?: string | null },
): Promise<RightsGrantEntity> {
  const account = await em.findOne(Account, { id: input.accountId });
  if (!account) reject(['input', 'accountId'], 'NOT_FOUND', 'Tài khoản không tồn tại.');
  if (input.unitId && !(await em.findOne(Unit, { id: input.unitId, ...OPEN_UNIT }))) reject(['input', 'unitId'], 'INVALID_UNIT', 'Đơn vị không tồn tại trong cơ quan.');
  return proposeRights(em, actor, account, { roles: input.roles ?? [], title: input.title ?? null, unitId: input.unitId ?? null }, input.reason, ['input', 'accountId']);
}

/** The pending grant, locked for the decision, if the actor may decide on it. */
async function decidable(em: EntityManager, actor: Actor, id: string): Promise<RightsGrantEntity> {
  const grant = await em.findOne(RightsGrant, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!grant) reject(['input', 'id'], 'NOT_FOUND', 'Đề xuất cấp quyền không tồn tại.');
  if (!actor.viewer || !canDecideGrant(actor.viewer, grant)) {
    reject(null, 'NOT_ALLOWED', 'Lãnh đạo cơ quan phê duyệt đề xuất của người khác, không phải đề xuất của mình hay cho chính mình.');
  }
  if (grant.status !== 'PENDING') reject(['input', 'id'], 'INVALID_STATE', 'Đề xuất đã được quyết định.');
  return grant;
}

function decided(em: EntityManager, grant: RightsGrantEntity, actor: Actor, status: 'CONFIRMED' | 'REFUSED', now: Date): void {
  grant.status = status;
  grant.decidedBy = em.getReference(Account, actor.accountId!, { wrapped: true });
  grant.decidedOnBehalfOf = actor.onBehalfOfId ? em.getReference(Account, actor.onBehalfOfId, { wrapped: true }) : null;
  grant.decidedAt = now;
}

/** A leader confirms: the roles are added, the position and unit taken, at once. */
export async function confirmRightsGrant(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<RightsGrantEntity> {
  const grant = await decidable(em, actor, id);
  const account = await em.findOneOrFail(Account, { id: grant.account.id });
  if (account.status === 'DISABLED') reject(['input', 'id'], 'INVALID_STATE', 'Tài khoản đã vô hiệu hóa.');
  const granted = grant.roles.filter((role) => !account.roles.includes(role));
  const before = { title: account.title, unitId: account.unit.id };
  account.roles = [...account.roles, ...granted];
  if (grant.title) account.title = grant.title;
  if (grant.unit) account.unit = em.getReference(Unit, grant.unit.id, { wrapped: true });
  decided(em, grant, actor, 'CONFIRMED', now);
  await em.flush();
  await auditActs(em, actor, [
    { action: 'rights_grant.confirmed', target: { type: 'RightsGrant', id: grant.id }, details: { accountId: account.id, username: account.username } },
    {
      action: 'account.rights_changed',
      target: { type: 'Account', id: account.id },
      details: { username: account.username, granted, revoked: [], grantId: grant.id, before, after: { title: account.title, unitId: account.unit.id } },
    },
  ]);
  await rightsChanged(em, actor.organisationId, account.id, now);
  return grant;
}

/** A leader refuses, saying why: nothing of it ever takes effect. */
export async function refuseRightsGrant(em: EntityManager, actor: Actor, id: string, reason: string, now = new Date()): Promise<RightsGrantEntity> {
  const grant = await decidable(em, actor, id);
  const problems = new Problems();
  const why = requiredText(problems, ['input', 'reason'], reason, 500, 'Lý do từ chối');
  problems.throwIfAny();
  decided(em, grant, actor, 'REFUSED', now);
  grant.refusalReason = why;
  await em.flush();
  await auditAct(em, actor, 'rights_grant.refused', { type: 'RightsGrant', id: grant.id }, { accountId: grant.account.id, reason: why });
  return grant;
}
