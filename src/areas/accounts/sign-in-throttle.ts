import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserError } from '../../core/user-error.ts';
import { LoginThrottle, type LoginThrottleEntity } from './session.ts';

/**
 * Who may try a password, and when (issue 13 §6; seed 004's five failures and fifteen minutes).
 * Three counts, each over a fifteen-minute window:
 * - a username from one address: five failures in a row lock that pair for fifteen minutes. So
 *   someone guessing the director's password locks out himself, not the director at her desk;
 * - a username from anywhere: twenty failures lock it for fifteen minutes, but only for addresses
 *   it has never signed in from (the last 90 days): a guess spread over many addresses is stopped,
 *   and the right password from a known address still gets in;
 * - an address for any username: fifty failures lock the address (a password tried on many names).
 * The counts are rows locked FOR UPDATE in the sign-in's transaction, so two instances count as one.
 */
export const PAIR_FAILURES = 5;
export const USERNAME_FAILURES = 20;
export const ADDRESS_FAILURES = 50;
export const LOCK_MS = 15 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
const KNOWN_ADDRESS_DAYS = 90;
const ANY = '*';

export const LOCKED: UserError = {
  field: null,
  code: 'TEMPORARILY_LOCKED',
  message: 'Đăng nhập sai quá nhiều lần: tạm khóa đăng nhập 15 phút. Nếu không phải bạn, hãy báo cán bộ CNTT.',
};

interface Counts {
  pair: LoginThrottleEntity;
  username: LoginThrottleEntity;
  address: LoginThrottleEntity;
}

/** The three counts of a try, locked in a fixed order (so two tries never wait on each other in a circle). */
export async function countsOf(em: EntityManager, username: string, address: string): Promise<Counts> {
  const keys = [
    { username, address },
    { username, address: ANY },
    { username: ANY, address },
  ];
  await em.execute(
    `insert into "login_throttle" ("username", "address", "failures", "updated_at") values (?, ?, 0, now()), (?, ?, 0, now()), (?, ?, 0, now()) on conflict do nothing`,
    keys.flatMap((key) => [key.username, key.address]),
  );
  const rows = await em.find(LoginThrottle, { $or: keys }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { username: 'asc', address: 'asc' } });
  const find = (key: { username: string; address: string }) => rows.find((row) => row.username === key.username && row.address === key.address)!;
  return { pair: find(keys[0]!), username: find(keys[1]!), address: find(keys[2]!) };
}

const locked = (row: LoginThrottleEntity, now: Date) => Boolean(row.lockedUntil && row.lockedUntil > now);

/** Whether the account has signed in from this address lately. */
async function knownAddress(em: EntityManager, accountId: string | null, address: string): Promise<boolean> {
  if (!accountId) return false;
  const rows = await em.execute<{ known: boolean }[]>(
    `select exists(select 1 from "session" where account_id = ? and client_address = ? and created_at > now() - make_interval(days => ?)) as known`,
    [accountId, address, KNOWN_ADDRESS_DAYS],
  );
  return rows[0]?.known === true;
}

/** Whether this try is refused before its password is looked at. */
export async function refusedBeforeTrying(em: EntityManager, counts: Counts, accountId: string | null, address: string, now: Date): Promise<boolean> {
  if (locked(counts.address, now) || locked(counts.pair, now)) return true;
  return locked(counts.username, now) && !(await knownAddress(em, accountId, address));
}

/** Counts a failure in each of the three; true when it locks the pair (what the caller is told). */
export function countFailure(counts: Counts, now: Date): boolean {
  const limits: [LoginThrottleEntity, number][] = [
    [counts.pair, PAIR_FAILURES],
    [counts.username, USERNAME_FAILURES],
    [counts.address, ADDRESS_FAILURES],
  ];
  for (const [row, limit] of limits) {
    // A window with no failure for fifteen minutes starts again.
    if (row.updatedAt.getTime() < now.getTime() - WINDOW_MS && !locked(row, now)) row.failures = 0;
    row.failures += 1;
    row.updatedAt = now;
    if (row.failures >= limit) {
      row.failures = 0;
      row.lockedUntil = new Date(now.getTime() + LOCK_MS);
    }
  }
  return locked(counts.pair, now) || locked(counts.address, now);
}

/** The right password: the pair's count starts again (the others are of other addresses or names). */
export function countSuccess(counts: Counts): void {
  counts.pair.failures = 0;
  counts.pair.lockedUntil = null;
}
