import type { EntityManager } from '@mikro-orm/postgresql';
import { auditAct } from '../../core/audit/trail.ts';
import { generatePassword, hashPassword, passwordWeakness } from './passwords.ts';
import { LoginThrottle } from './session.ts';
import { revokeSessions } from './sign-in.ts';
import type { Actor } from '../../core/actor.ts';
import { foldVietnamese } from '../../core/text.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { optionalText, requiredText } from '../../core/validation.ts';
import { Account, FULL_NAME_MAX, type AccountEntity } from './account.ts';
import { Organisation } from '../../core/organisation.ts';
import { isSealedRole, isSealedTitle, UNIT_HEADING_TITLES, type AccountStatus, type Role, type Title } from '../../core/titles.ts';
import { proposeRights, refuseSelf, rightsChanged } from './rights-grant-service.ts';
import type { RightsGrantEntity } from './rights-grant.ts';
import { OPEN_UNIT, Unit } from './unit.ts';
import { nextFreeUsername, usernameStem } from './username.ts';
import { directoryChanged } from './directory-hooks.ts';

/**
 * Accounts are granted, changed and revoked by IT officers (seed 003; seed 004 Art. 11), never on
 * their own account. Rights that open sealed records (SEALED_ROLES, SEALED_TITLES) are proposed
 * rather than granted and take effect when a leader confirms (rights-grant-service.ts); the first
 * leader of an organisation is set by the deployment (an actor with no account). Every change of
 * rights goes on the audit trail, and takes effect on open subscriptions at once; every revocation
 * ends the account's sessions and subscriptions in the same transaction.
 */

export function accountSearchText(fullName: string, username: string): string {
  return `${foldVietnamese(fullName)} ${username}`.slice(0, 200);
}

function audit(em: EntityManager, actor: Actor, action: string, account: AccountEntity, details: Record<string, unknown> = {}) {
  return auditAct(em, actor, action, { type: 'Account', id: account.id }, { username: account.username, ...details });
}

function checkFullName(problems: Problems, field: string[], value: string): string | null {
  const fullName = requiredText(problems, field, value, FULL_NAME_MAX, 'Họ và tên');
  if (fullName && usernameStem(fullName) === '') {
    problems.add(field, 'INVALID', 'Họ và tên phải có chữ cái.');
    return null;
  }
  return fullName;
}

async function findUnit(em: EntityManager, problems: Problems, field: string[], unitId: string) {
  // The tenant filter limits this to the actor's organisation: another's unit reads as missing.
  const unit = await em.findOne(Unit, { id: unitId, ...OPEN_UNIT });
  if (!unit) problems.add(field, 'INVALID_UNIT', 'Đơn vị không tồn tại trong cơ quan.');
  return unit;
}

export interface CreateAccountInput {
  fullName: string;
  unitId: string;
  title: Title;
  roles: readonly Role[];
  initialPassword?: string | null;
  /** Demo and imports set passwords people chose; an issued one must be changed (seed 004 Art. 10). */
  mustChangePassword?: boolean;
}

export async function createAccount(
  em: EntityManager,
  actor: Actor,
  input: CreateAccountInput,
): Promise<{ account: AccountEntity; temporaryPassword: string; rightsGrant: RightsGrantEntity | null }> {
  const problems = new Problems();
  const fullName = checkFullName(problems, ['input', 'fullName'], input.fullName);
  const unit = await findUnit(em, problems, ['input', 'unitId'], input.unitId);
  const organisation = await em.findOneOrFail(Organisation, { id: actor.organisationId });
  const password = input.initialPassword ?? generatePassword();
  problems.throwIfAny();

  // Two IT officers adding namesakes at once must not both pick the same number.
  const stem = usernameStem(fullName as string);
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`username:${stem}.${organisation.usernameSuffix}`]);
  const taken = await em.find(Account, { username: { $like: `${stem}%.${organisation.usernameSuffix}` } }, { fields: ['username'] });
  const username = nextFreeUsername(fullName as string, organisation.usernameSuffix, new Set(taken.map((account) => account.username)));
  const weakness = passwordWeakness(password, username);
  if (weakness) reject(['input', 'initialPassword'], 'WEAK_PASSWORD', weakness);

  // A person's sealed rights are proposed with the account, not given with it: the temporary
  // password must not open what a leader has not confirmed.
  const roles = [...new Set(input.roles)];
  const deferredRoles = actor.accountId ? roles.filter(isSealedRole) : [];
  const deferredTitle = actor.accountId && isSealedTitle(input.title) ? input.title : null;
  const account = em.create(Account, {
    organisation: organisation.id,
    unit: unit!.id,
    username,
    fullName: fullName as string,
    searchText: accountSearchText(fullName as string, username),
    title: deferredTitle ? 'SPECIALIST' : input.title,
    roles: roles.filter((role) => !deferredRoles.includes(role)),
    passwordHash: await hashPassword(password),
    mustChangePassword: input.mustChangePassword ?? true,
  });
  await em.flush();
  await audit(em, actor, 'account.created', account, { roles: account.roles, unitId: account.unit.id, title: account.title });
  const rightsGrant = deferredRoles.length > 0 || deferredTitle ? await proposeRights(em, actor, account, { roles: deferredRoles, title: deferredTitle }) : null;
  await directoryChanged(em, { kind: 'account.created', organisationId: organisation.id, accountId: account.id });
  return { account, temporaryPassword: password, rightsGrant };
}

/** The account a management act names: one of the organisation (the tenant filter), and not the actor's own. */
async function findManaged(em: EntityManager, actor: Actor, id: string): Promise<AccountEntity> {
  const account = await em.findOne(Account, { id });
  if (!account) reject(['input', 'id'], 'NOT_FOUND', 'Tài khoản không tồn tại.');
  refuseSelf(actor, account);
  return account;
}

export interface UpdateAccountInput {
  id: string;
  fullName?: string | null;
  unitId?: string | null;
  title?: Title | null;
}

/**
 * Changes name, unit or title. The username stays: people sign in with it. Taking a position that
 * carries sealed rights (heading a unit, deputy of the head), or moving someone who heads a unit to
 * another unit, is proposed for a leader to confirm; the rest applies at once.
 */
export async function updateAccount(
  em: EntityManager,
  actor: Actor,
  input: UpdateAccountInput,
): Promise<{ account: AccountEntity; rightsGrant: RightsGrantEntity | null }> {
  const account = await findManaged(em, actor, input.id);
  const problems = new Problems();
  const fullName = input.fullName == null ? undefined : checkFullName(problems, ['input', 'fullName'], input.fullName);
  const unit = input.unitId ? await findUnit(em, problems, ['input', 'unitId'], input.unitId) : undefined;
  problems.throwIfAny();
  const before = { fullName: account.fullName, unitId: account.unit.id, title: account.title };
  const title = input.title ?? account.title;
  const unitId = unit?.id ?? account.unit.id;
  const titleSealed = actor.accountId !== null && title !== account.title && isSealedTitle(title);
  const unitSealed = actor.accountId !== null && unitId !== account.unit.id && UNIT_HEADING_TITLES.includes(title);
  if (fullName) {
    account.fullName = fullName;
    account.searchText = accountSearchText(fullName, account.username);
  }
  if (!unitSealed) account.unit = em.getReference(Unit, unitId, { wrapped: true });
  if (!titleSealed) account.title = title;
  await em.flush();
  await audit(em, actor, 'account.updated', account, { before, after: { fullName: account.fullName, unitId: account.unit.id, title: account.title } });
  await rightsChanged(em, actor.organisationId, account.id);
  const rightsGrant = titleSealed || unitSealed ? await proposeRights(em, actor, account, { title: titleSealed ? title : null, unitId: unitSealed ? unitId : null }) : null;
  return { account, rightsGrant };
}

/**
 * Grants and revokes rights: `roles` is the whole set after the change. Revocations and rights
 * that open nothing sealed apply at once; sealed roles not yet held are proposed for a leader.
 */
export async function setAccountRoles(
  em: EntityManager,
  actor: Actor,
  id: string,
  roles: readonly Role[],
): Promise<{ account: AccountEntity; rightsGrant: RightsGrantEntity | null }> {
  const account = await findManaged(em, actor, id);
  const next = [...new Set(roles)];
  const sealed = actor.accountId ? next.filter((role) => isSealedRole(role) && !account.roles.includes(role)) : [];
  const effective = next.filter((role) => !sealed.includes(role));
  const granted = effective.filter((role) => !account.roles.includes(role));
  const revoked = account.roles.filter((role) => !effective.includes(role));
  account.roles = effective;
  await em.flush();
  if (granted.length > 0 || revoked.length > 0 || sealed.length === 0) {
    await audit(em, actor, 'account.rights_changed', account, { granted, revoked });
    await rightsChanged(em, actor.organisationId, account.id);
  }
  const rightsGrant = sealed.length > 0 ? await proposeRights(em, actor, account, { roles: sealed }) : null;
  return { account, rightsGrant };
}

const STATUS_MOVES: Record<'lock' | 'unlock' | 'disable', { from: readonly AccountStatus[]; to: AccountStatus; action: string }> = {
  lock: { from: ['ACTIVE'], to: 'LOCKED', action: 'account.locked' },
  unlock: { from: ['LOCKED'], to: 'ACTIVE', action: 'account.unlocked' },
  disable: { from: ['ACTIVE', 'LOCKED'], to: 'DISABLED', action: 'account.disabled' },
};

const STATUS_LABEL: Record<AccountStatus, string> = { ACTIVE: 'đang hoạt động', LOCKED: 'đang bị khóa', DISABLED: 'đã vô hiệu hóa' };

/** Lock, unlock or disable. Locking and disabling end every session and subscription at once. */
export async function changeAccountStatus(
  em: EntityManager,
  actor: Actor,
  id: string,
  move: keyof typeof STATUS_MOVES,
  reason?: string | null,
): Promise<AccountEntity> {
  const account = await findManaged(em, actor, id);
  const { from, to, action } = STATUS_MOVES[move];
  const current = account.status as AccountStatus;
  if (!from.includes(current)) {
    reject(['input', 'id'], 'INVALID_STATE', `Tài khoản ${STATUS_LABEL[current]}: không thể chuyển sang trạng thái ${STATUS_LABEL[to]}.`);
  }
  const problems = new Problems();
  const cleanReason = optionalText(problems, ['input', 'reason'], reason, 500, 'Lý do');
  problems.throwIfAny();
  account.status = to;
  account.statusReason = cleanReason ?? null;
  await em.flush();
  if (to !== 'ACTIVE') await revokeSessions(em, account.id);
  await audit(em, actor, action, account, { before: current, after: to, reason: cleanReason ?? null });
  // A leader locked or unlocked: the delegations they gave stop (or start) counting too.
  await rightsChanged(em, actor.organisationId, account.id);
  return account;
}

/** Issues a new temporary password, to be changed at the next sign-in; ends every session. */
export async function resetPassword(
  em: EntityManager,
  actor: Actor,
  id: string,
): Promise<{ account: AccountEntity; temporaryPassword: string }> {
  const account = await findManaged(em, actor, id);
  if (account.status === 'DISABLED') reject(['input', 'id'], 'INVALID_STATE', 'Tài khoản đã vô hiệu hóa.');
  const temporaryPassword = generatePassword();
  account.passwordHash = await hashPassword(temporaryPassword);
  account.mustChangePassword = true;
  await em.flush();
  await em.nativeDelete(LoginThrottle, { username: account.username });
  await revokeSessions(em, account.id);
  await audit(em, actor, 'account.password_reset', account);
  return { account, temporaryPassword };
}
