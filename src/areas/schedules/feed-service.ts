import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, OPEN_UNIT, Unit } from '../accounts/public.ts';
import type { Actor } from '../../core/actor.ts';
import { UNIT_HEADING_TITLES } from '../../core/titles.ts';
import { reject } from '../../core/user-error.ts';
import type { Viewer } from '../../core/viewer.ts';
import { draftsScope } from './schedule-policy.ts';
import { CalendarFeed } from './schedule.ts';

export const FEED_PREFIX = '/calendar/feeds/';
export const feedPath = (secret: string) => `${FEED_PREFIX}${secret}.ics`;

/** Only the hash of a feed's secret is kept: a database read gives no working address. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * A new secret address for the viewer's own feed, or a unit's (by who drafts the unit's schedule:
 * its heads and clerk, or a leader): the previous address stops answering at once.
 */
export async function rotateFeed(em: EntityManager, actor: Actor, viewer: Viewer, unitId: string | null): Promise<string> {
  if (unitId) {
    if (!(await em.findOne(Unit, { id: unitId, ...OPEN_UNIT }))) reject(['input', 'unitId'], 'INVALID_UNIT', 'Đơn vị không tồn tại.');
    if (!draftsScope(viewer, unitId)) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo hoặc văn thư của đơn vị được đổi địa chỉ lịch của đơn vị.');
  }
  const owner = unitId ? `U:${unitId}` : `A:${viewer.accountId}`;
  const secret = randomBytes(32).toString('base64url');
  const existing = await em.findOne(CalendarFeed, { owner });
  if (existing) existing.secretHash = secretHash(secret);
  else em.create(CalendarFeed, { organisation: actor.organisationId, owner, account: unitId ? null : viewer.accountId, unit: unitId, secretHash: secretHash(secret) });
  await em.flush();
  return feedPath(secret);
}

/** A unit's feed is read as a plain member of the unit would: no role, heading no unit, no person. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

/**
 * Who a feed is read as, from its secret: the person (active, with their own roles and the units
 * they head; a delegation is not theirs to publish), or a plain member of the unit. Null when the
 * secret is unknown or rotated, the account no longer active, or the unit dissolved.
 */
export async function feedReader(em: EntityManager, secret: string): Promise<{ viewer: Viewer; name: string; unitFeed: boolean } | null> {
  if (!/^[\w-]{43}$/.test(secret)) return null;
  const feed = await em.findOne(CalendarFeed, { secretHash: secretHash(secret) }, { filters: false });
  if (!feed) return null;
  const organisationId = feed.organisation.id;
  const base = { organisationId, sessionId: 'calendar-feed', sessionExpiresAt: new Date(8.64e15), mustChangePassword: false, delegations: [] };
  if (feed.unit) {
    const unit = await em.findOne(Unit, { id: feed.unit.id, organisation: organisationId, ...OPEN_UNIT }, { filters: false });
    if (!unit) return null;
    return { name: unit.name, unitFeed: true, viewer: { ...base, accountId: NOBODY, username: '', roles: [], unitId: unit.id, headOfUnitIds: [], carriesForUnitIds: [] } };
  }
  const account = await em.findOne(Account, { id: feed.account!.id, organisation: organisationId }, { filters: false });
  if (!account || account.status !== 'ACTIVE') return null;
  const heads = UNIT_HEADING_TITLES.includes(account.title);
  const carried = heads
    ? await em.execute<{ id: string }[]>(
        `with recursive down as (select ?::uuid as id union select u.id from unit u join down on u.parent_id = down.id) select id from down`,
        [account.unit.id],
      )
    : [];
  return {
    name: account.fullName,
    unitFeed: false,
    viewer: {
      ...base,
      accountId: account.id,
      username: account.username,
      roles: account.roles,
      unitId: account.unit.id,
      headOfUnitIds: heads ? [account.unit.id] : [],
      carriesForUnitIds: carried.map((row) => row.id),
    },
  };
}
