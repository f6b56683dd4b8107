import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, type AccountEntity } from './account.ts';
import { Delegation, inForceAt, delegatedRoles } from './delegation.ts';
import { publish } from '../../core/events.ts';
import { reject, type UserError } from '../../core/user-error.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import { hashPassword, passwordWeakness, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { Session } from './session.ts';
import { countFailure, countsOf, countSuccess, LOCKED, refusedBeforeTrying } from './sign-in-throttle.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';
import type { Viewer } from '../../core/viewer.ts';
import { UNIT_HEADING_TITLES } from '../../core/titles.ts';

export function sessionTtlMs(): number {
  const hours = Number(process.env.SESSION_TTL_HOURS ?? 12);
  return (Number.isFinite(hours) && hours > 0 ? hours : 12) * 3600 * 1000;
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; account: AccountEntity }
  | { ok: false; error: UserError };

const INVALID: UserError = {
  field: null,
  code: 'INVALID_CREDENTIALS',
  message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
};

/**
 * Signs in. A failure is a normal outcome that must be kept (the failure count, the audit entry),
 * so this commits in every case and reports the failure in its result. Every failure before the
 * password is known to be right reads the same, whether or not the username exists. Tries are
 * throttled by username and client address together (sign-in-throttle.ts).
 */
export async function signIn(root: EntityManager, usernameInput: string, password: string, clientAddress: string, now = new Date()): Promise<SignInResult> {
  const username = usernameInput.trim().toLowerCase().slice(0, 64);
  const address = clientAddress.slice(0, 64) || 'unknown';
  return root.transactional(async (em) => {
    const counts = await countsOf(em, username, address);
    const account = await em.findOne(Account, { username }, { filters: false });
    const organisationId = account?.organisation.id ?? null;

    if (await refusedBeforeTrying(em, counts, account?.id ?? null, address, now)) {
      await appendAudit(em, { organisationId, action: 'sign_in.throttled', actorId: account?.id, details: { username, address } });
      return { ok: false, error: LOCKED };
    }

    const passwordRight = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstDecoy(password);
    if (!account || !passwordRight) {
      const locks = countFailure(counts, now);
      await appendAudit(em, { organisationId, action: 'sign_in.failed', actorId: account?.id, details: { username, address, locked: locks } });
      return { ok: false, error: locks ? LOCKED : INVALID };
    }

    countSuccess(counts);
    if (account.status !== 'ACTIVE') {
      await appendAudit(em, { organisationId, action: 'sign_in.refused', actorId: account.id, details: { status: account.status } });
      return {
        ok: false,
        error: { field: null, code: 'ACCOUNT_INACTIVE', message: 'Tài khoản đã bị khóa hoặc vô hiệu hóa. Liên hệ cán bộ CNTT.' },
      };
    }

    const token = newToken();
    const expiresAt = new Date(now.getTime() + sessionTtlMs());
    em.create(Session, { organisation: account.organisation, account, tokenHash: hashToken(token), expiresAt, clientAddress: address });
    account.lastSignInAt = now;
    await appendAudit(em, { organisationId, action: 'sign_in.succeeded', actorId: account.id });
    return { ok: true, token, expiresAt, account };
  });
}

export type Authentication = { viewer: Viewer } | { viewer: null; problem: 'MISSING' | 'INVALID' | 'EXPIRED' };

/**
 * Resolves a bearer token to a viewer: a live session of an active account, with the delegations
 * in force to it and the units whose work it carries. Three statements at once, one round trip;
 * run on every request, so a revocation takes effect at once.
 */
export async function authenticate(em: EntityManager, token: string | null | undefined, now = new Date()): Promise<Authentication> {
  if (!token) return { viewer: null, problem: 'MISSING' };
  if (!looksLikeToken(token)) return { viewer: null, problem: 'INVALID' };
  const tokenHash = hashToken(token);
  // The delegations are read at the same time as the session, for the session's account: every
  // request waits for one round trip rather than two in a row.
  const [session, delegations, carriedUnits] = await Promise.all([
    em.findOne(Session, { tokenHash }, { populate: ['account'], filters: false }),
    em.find(
      Delegation,
      {
        [raw((alias: string) => `${alias}.to_id = (select s.account_id from "session" s where s.token_hash = ?)`, [tokenHash])]: [],
        ...inForceAt(now),
      },
      { populate: ['from'], filters: false },
    ),
    // The units whose work a head carries: the one they head and every unit below it.
    em.execute<{ id: string }[]>(
      `with recursive down as (
         select a.unit_id as id from "session" s join account a on a.id = s.account_id
          where s.token_hash = ? and a.title in ('UNIT_HEAD', 'DEPUTY_UNIT_HEAD')
         union
         select u.id from unit u join down on u.parent_id = down.id
       ) select id from down`,
      [tokenHash],
    ),
  ]);
  if (!session || session.revokedAt) return { viewer: null, problem: 'INVALID' };
  if (session.expiresAt <= now) return { viewer: null, problem: 'EXPIRED' };
  const account = session.account.getEntity();
  if (account.status !== 'ACTIVE') return { viewer: null, problem: 'INVALID' };
  return {
    viewer: {
      accountId: account.id,
      organisationId: account.organisation.id,
      sessionId: session.id,
      sessionExpiresAt: session.expiresAt,
      username: account.username,
      roles: account.roles,
      unitId: account.unit.id,
      headOfUnitIds: UNIT_HEADING_TITLES.includes(account.title) ? [account.unit.id] : [],
      carriesForUnitIds: carriedUnits.map((unit) => unit.id),
      mustChangePassword: account.mustChangePassword,
      delegations: delegations
        .filter((delegation) => delegation.organisation.id === account.organisation.id)
        .map((delegation) => ({
          delegationId: delegation.id,
          fromAccountId: delegation.from.id,
          roles: delegatedRoles(delegation.from.getEntity().roles),
        })),
    },
  };
}

/**
 * The next instant at which the rights of a token's account change by the clock alone: a delegation
 * to it starting or ending (its rights), or one from it (what it has handed on). Null when none is
 * coming. An open connection rebuilds its viewer then (server/ws.ts), as any request would.
 */
export async function nextRightsChange(em: EntityManager, token: string, now = new Date()): Promise<Date | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await em.execute<{ at: Date | string | null }[]>(
    `select min(case when d.starts_at > ? then d.starts_at else d.ends_at end) as at
       from delegation d, (select s.account_id from "session" s where s.token_hash = ?) s
      where (d.to_id = s.account_id or d.from_id = s.account_id) and d.revoked_at is null and d.ends_at > ?`,
    [now, hashToken(token), now],
  );
  return row?.at ? new Date(row.at) : null;
}

export async function signOut(em: EntityManager, viewer: Viewer): Promise<void> {
  await em.nativeUpdate(Session, { id: viewer.sessionId }, { revokedAt: new Date() });
  await publish(em, { type: 'sessions.revoked', accountId: viewer.accountId });
  await appendAudit(em, { organisationId: viewer.organisationId, action: 'sign_out', actorId: viewer.accountId });
}

/** Ends every session of an account (except `keepSessionId`) and closes its subscriptions. */
export async function revokeSessions(em: EntityManager, accountId: string, keepSessionId?: string): Promise<void> {
  await em.nativeUpdate(
    Session,
    { account: accountId, revokedAt: null, ...(keepSessionId ? { id: { $ne: keepSessionId } } : {}) },
    { revokedAt: new Date() },
  );
  await publish(em, { type: 'sessions.revoked', accountId });
}

/** Seed 004 Art. 10 §2: the holder replaces an issued password; other sessions end. */
export async function changePassword(em: EntityManager, viewer: Viewer, currentPassword: string, newPassword: string): Promise<AccountEntity> {
  const account = await em.findOneOrFail(Account, { id: viewer.accountId });
  if (!(await verifyPassword(currentPassword, account.passwordHash))) {
    reject(['input', 'currentPassword'], 'INVALID_CREDENTIALS', 'Mật khẩu hiện tại không đúng.');
  }
  const weakness = passwordWeakness(newPassword, account.username);
  if (weakness) reject(['input', 'newPassword'], 'WEAK_PASSWORD', weakness);
  if (newPassword === currentPassword) reject(['input', 'newPassword'], 'INVALID', 'Mật khẩu mới phải khác mật khẩu hiện tại.');
  account.passwordHash = await hashPassword(newPassword);
  account.mustChangePassword = false;
  await revokeSessions(em, account.id, viewer.sessionId);
  await appendAudit(em, { organisationId: viewer.organisationId, action: 'password.changed', actorId: viewer.accountId, target: { type: 'Account', id: account.id } });
  return account;
}
