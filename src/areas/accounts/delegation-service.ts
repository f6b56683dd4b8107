import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import type { Actor } from '../../core/actor.ts';
import { publishAll } from '../../core/events.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account } from './account.ts';
import { Delegation, type DelegationEntity } from './delegation.ts';

/**
 * A delegation changes the deputy's rights, and the instants at which the leader's and the deputy's
 * open connections must be rebuilt (its start and end): both are told.
 */
function announce(em: EntityManager, organisationId: string, leaderId: string, deputyId: string) {
  return publishAll(em, [leaderId, deputyId].map((accountId) => ({ type: 'account.changed' as const, accountId, organisationId })));
}

/** A delegation covers an absence; a year is the longest one the system accepts. */
const MAX_DELEGATION_MS = 366 * 24 * 3600 * 1000;

export interface CreateDelegationInput {
  toAccountId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/**
 * Seed 000 Art. 2 §2: when absent, the leader delegates the running of the agency to one deputy.
 * Only the leader's own authority can be delegated (a deputy acting under a delegation cannot pass
 * it on), to an active deputy of the same organisation, and one delegation at a time.
 */
export async function createDelegation(em: EntityManager, actor: Actor, input: CreateDelegationInput, now = new Date()): Promise<DelegationEntity> {
  const leaderId = actor.accountId;
  if (!leaderId || !actor.ownRoles.includes('LEADER')) {
    reject(null, 'NOT_ALLOWED', 'Chỉ người đứng đầu cơ quan mới được ủy quyền; quyền được ủy quyền không thể ủy quyền tiếp.');
  }
  const problems = new Problems();
  const reason = requiredText(problems, ['input', 'reason'], input.reason, 500, 'Lý do ủy quyền');
  const deputy = await em.findOne(Account, { id: input.toAccountId });
  if (!deputy) problems.add(['input', 'toAccountId'], 'NOT_FOUND', 'Người được ủy quyền không tồn tại.');
  else if (deputy.id === actor.accountId) problems.add(['input', 'toAccountId'], 'INVALID', 'Không thể tự ủy quyền cho mình.');
  else if (deputy.status !== 'ACTIVE') problems.add(['input', 'toAccountId'], 'INVALID_STATE', 'Tài khoản người được ủy quyền không hoạt động.');
  else if (deputy.title !== 'DEPUTY_LEADER' && !deputy.roles.includes('DEPUTY_LEADER')) {
    problems.add(['input', 'toAccountId'], 'INVALID', 'Chỉ ủy quyền cho cấp phó của người đứng đầu.');
  }
  if (input.endsAt <= input.startsAt) problems.add(['input', 'endsAt'], 'INVALID', 'Thời điểm kết thúc phải sau thời điểm bắt đầu.');
  else if (input.endsAt <= now) problems.add(['input', 'endsAt'], 'INVALID', 'Thời điểm kết thúc đã qua.');
  else if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_DELEGATION_MS) {
    problems.add(['input', 'endsAt'], 'INVALID', 'Một lần ủy quyền dài tối đa một năm.');
  }
  problems.throwIfAny();

  const overlapping = await em.count(Delegation, {
    from: leaderId,
    revokedAt: null,
    startsAt: { $lt: input.endsAt },
    endsAt: { $gt: input.startsAt },
  });
  if (overlapping > 0) reject(['input', 'startsAt'], 'INVALID_STATE', 'Đã có một ủy quyền trong khoảng thời gian này.');

  const delegation = em.create(Delegation, {
    organisation: actor.organisationId,
    from: leaderId,
    to: deputy!.id,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    reason: reason as string,
  });
  await em.flush();
  await auditAct(em, actor, 'delegation.created', { type: 'Delegation', id: delegation.id }, { to: deputy!.id, startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString(), reason });
  await announce(em, actor.organisationId, delegation.from.id, deputy!.id);
  return delegation;
}

/** Ends a delegation early: by the leader who gave it, or by an IT officer. */
export async function revokeDelegation(em: EntityManager, actor: Actor, id: string, now = new Date()): Promise<DelegationEntity> {
  const delegation = await em.findOne(Delegation, { id });
  if (!delegation) reject(['input', 'id'], 'NOT_FOUND', 'Ủy quyền không tồn tại.');
  const isGiver = delegation.from.id === actor.accountId && actor.ownRoles.includes('LEADER');
  if (!isGiver && !actor.ownRoles.includes('IT_OFFICER')) reject(['input', 'id'], 'NOT_ALLOWED', 'Chỉ người ủy quyền mới được thu hồi ủy quyền.');
  if (delegation.revokedAt || delegation.endsAt <= now) reject(['input', 'id'], 'INVALID_STATE', 'Ủy quyền đã hết hiệu lực.');
  delegation.revokedAt = now;
  await em.flush();
  await auditAct(em, actor, 'delegation.revoked', { type: 'Delegation', id: delegation.id });
  await announce(em, actor.organisationId, delegation.from.id, delegation.to.id);
  return delegation;
}
