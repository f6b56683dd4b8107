import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, type AccountEntity } from './account.ts';
import { inForceSql, delegatedRoles } from './delegation.ts';
import { publish } from '../../core/events.ts';
import { reject, type UserError } from '../../core/user-error.ts';
import { appendAudit } from '../../core/audit/trail.ts';
import { hashPassword, passwordWeakness, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { Session } from './session.ts';
import { countFailure, countsOf, countSuccess, LOCKED, refusedBeforeTrying } from './sign-in-throttle.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';
import type { Viewer } from '../../core/viewer.ts';
import { UNIT_HEADING_TITLES, type Role, type Title } from '../../core/titles.ts';

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

interface AuthenticationRow {
  session_id: string;
  expires_at: Date;
  revoked_at: Date | null;
  account_id: string;
  organisation_id: string;
  username: string;
  roles: Role[];
  unit_id: string;
  title: Title;
  status: string;
  must_change_password: boolean;
  delegations: { delegationId: string; fromAccountId: string; roles: Role[] }[];
  carried: string[];
}

/**
 * A session with its account, the delegations in force to it (from leaders of its own
 * organisation) and the units whose work it carries (the unit it heads and every unit below):
 * one statement on one connection, as every request asks it.
 */
const AUTHENTICATION = `
  with given as (select ?::varchar(64) as token_hash, ?::timestamptz as at)
  select s.id as session_id, s.expires_at, s.revoked_at,
         a.id as account_id, a.organisation_id, a.username, a.roles, a.unit_id, a.title, a.status, a.must_change_password,
         coalesce((select json_agg(json_build_object('delegationId', d.id, 'fromAccountId', d.from_id, 'roles', leader.roles))
                     from delegation d join account leader on leader.id = d.from_id
                    where d.to_id = a.id and d.organisation_id = a.organisation_id and ${inForceSql('d', 'leader', 'given.at')}), '[]') as delegations,
         case when a.title in (?) then
           (with recursive down as (
              select a.unit_id as id
               union
              select u.id from unit u join down on u.parent_id = down.id
            ) select array_agg(id) from down)
         else '{}' end as carried
    from given join "session" s on s.token_hash = given.token_hash join account a on a.id = s.account_id`;

/**
 * Resolves a bearer token to a viewer: a live session of an active account, with the delegations
 * in force to it and the units whose work it carries. Run on every request, so a revocation takes
 * effect at once; one statement, no entity hydrated, since it is the floor under every read.
 */
export async function authenticate(em: EntityManager, token: string | null | undefined, now = new Date()): Promise<Authentication> {
  if (!token) return { viewer: null, problem: 'MISSING' };
  if (!looksLikeToken(token)) return { viewer: null, problem: 'INVALID' };
  const [row] = await em.execute<AuthenticationRow[]>(AUTHENTICATION, [hashToken(token), now, [...UNIT_HEADING_TITLES]]);
  if (!row || row.revoked_at) return { viewer: null, problem: 'INVALID' };
  if (new Date(row.expires_at) <= now) return { viewer: null, problem: 'EXPIRED' };
  if (row.status !== 'ACTIVE') return { viewer: null, problem: 'INVALID' };
  return {
    viewer: {
      accountId: row.account_id,
      organisationId: row.organisation_id,
      sessionId: row.session_id,
      sessionExpiresAt: new Date(row.expires_at),
      username: row.username,
      roles: row.roles,
      unitId: row.unit_id,
      headOfUnitIds: UNIT_HEADING_TITLES.includes(row.title) ? [row.unit_id] : [],
      carriesForUnitIds: row.carried,
      mustChangePassword: row.must_change_password,
      delegations: row.delegations.map((delegation) => ({ ...delegation, roles: delegatedRoles(delegation.roles) })),
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
