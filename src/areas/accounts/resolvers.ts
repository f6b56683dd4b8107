import { treeOrder } from './unit-tree.ts';
import { effectiveRoles } from '../../core/viewer.ts';
import { namedRecordId } from '../../core/named.ts';
import { wrap } from '@mikro-orm/core';
import { AuditEntry } from '../../core/audit/audit-entry.ts';
import { verifyAuditChain } from '../../core/audit/trail.ts';
import { accountPolicy, canManageAccount, canReadAccountPrivate } from './account-policy.ts';
import { auditEntryPolicy } from '../../core/audit/audit-policy.ts';
import { delegationPolicy } from './delegation-policy.ts';
import { unitPolicy } from './unit-policy.ts';
import { authenticate, changePassword, signIn, signOut } from './sign-in.ts';
import { Account, type AccountEntity } from './account.ts';
import {
  changeAccountStatus,
  createAccount,
  resetPassword,
  setAccountRoles,
  updateAccount,
} from './account-service.ts';
import { Delegation, delegatedRoles, inForceAt } from './delegation.ts';
import { RightsGrant, type RightsGrantEntity } from './rights-grant.ts';
import { canDecideGrant, rightsGrantPolicy } from './rights-grant-policy.ts';
import { confirmRightsGrant, proposeRightsGrant, refuseRightsGrant } from './rights-grant-service.ts';
import { createDelegation, revokeDelegation } from './delegation-service.ts';
import type { Role } from '../../core/titles.ts';
import { OPEN_UNIT, Unit } from './unit.ts';
import { createUnit, dissolveUnit, updateUnit } from './unit-service.ts';
import { containsPattern, foldVietnamese } from '../../core/text.ts';
import type { AccountFilter, Resolvers } from '../../generated/graphql.ts';
import { paginate } from '../../core/connection.ts';
import { rowEntityName } from '../../core/lean-rows.ts';
import { refreshContext, viewerOf, type Context } from '../../core/context.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { idOf, optionalIdOf, isNodeType, toGlobalId } from '../../core/ids.ts';
import { mutate, mutateOnce, createOnce } from '../../core/mutate.ts';

/** Organisations, units, accounts, sign-in, delegations, grants of rights and the audit trail. */

/** The grant proposed in the same call as an account (createAccount), if the caller may see it. */
async function grantProposedWith(context: Context, account: AccountEntity): Promise<RightsGrantEntity | null> {
  const viewer = viewerOf(context);
  return context.em.findOne(
    RightsGrant,
    { $and: [rightsGrantPolicy.visible(viewer), { account: account.id, proposedBy: viewer.accountId }] } as never,
    { orderBy: { proposedAt: 'asc' } },
  );
}

/** A grant named in a mutation, if the viewer may see it; one they may not see is not found. */
function grantId(context: Context, globalId: string): Promise<string> {
  return namedRecordId(context.loaders.rightsGrant, globalId, 'RightsGrant', ['input', 'id'], 'Đề xuất cấp quyền không tồn tại.');
}

function sealed<T>(context: Context, account: AccountEntity, value: () => T): T {
  if (!canReadAccountPrivate(viewerOf(context), account)) throw forbidden('Chỉ chủ tài khoản và cán bộ CNTT được xem thông tin này.');
  return value();
}

function accountWhere(context: Context, filter: AccountFilter | null | undefined, unitId?: string) {
  const conditions: object[] = [accountPolicy.visible(viewerOf(context))];
  const unit = unitId ?? optionalIdOf(filter?.unitId, 'Unit', ['filter', 'unitId']) ?? undefined;
  if (unit) conditions.push({ unit });
  if (filter?.status) conditions.push({ status: filter.status });
  const search = filter?.search ? foldVietnamese(filter.search).trim() : '';
  if (search) conditions.push({ searchText: { $like: containsPattern(search) } });
  return { $and: conditions };
}

const decodeUnit = (id: string | null | undefined, field: string[]) => optionalIdOf(id, 'Unit', field);

export const accountResolvers: Resolvers = {
  Query: {
    me: async (_, __, context) => {
      const account = await context.loaders.account.load(viewerOf(context).accountId);
      if (!account) throw notFound();
      return account;
    },
    organisation: async (_, __, context) => {
      const organisation = await context.loaders.organisation.load(viewerOf(context).organisationId);
      if (!organisation) throw notFound();
      return organisation;
    },
    accounts: (_, args, context, info) =>
      paginate(context.em, Account, accountWhere(context, args.filter) as never, { username: 'asc', id: 'asc' }, args, info),
    delegations: (_, args, context, info) => {
      const now = new Date();
      const inForce = args.inForceOnly ? inForceAt(now) : {};
      return paginate(
        context.em,
        Delegation,
        { $and: [delegationPolicy.visible(viewerOf(context)), inForce] } as never,
        { startsAt: 'desc', id: 'desc' },
        args,
        info,
      );
    },
    rightsGrants: (_, args, context, info) =>
      paginate(
        context.em,
        RightsGrant,
        { $and: [rightsGrantPolicy.visible(viewerOf(context)), args.status ? { status: args.status } : {}] } as never,
        { proposedAt: 'desc', id: 'desc' },
        args,
        info,
      ),
    auditTrail: (_, args, context, info) =>
      paginate(context.em, AuditEntry, auditEntryPolicy.visible(viewerOf(context)), { sequence: 'desc' }, args, info),
    verifyAuditTrail: async (_, __, context) => verifyAuditChain(context.em, viewerOf(context).organisationId),
  },

  Mutation: {
    login: async (_, { input }, context) => {
      const result = await signIn(context.orm.em.fork(), input.username, input.password, context.clientAddress);
      if (!result.ok) return { userErrors: [result.error] };
      // The caller has just proved who they are: the rest of this response may show their account.
      const authentication = await authenticate(context.orm.em.fork(), result.token);
      refreshContext(context, authentication.viewer);
      return {
        token: result.token,
        expiresAt: result.expiresAt,
        mustChangePassword: result.account.mustChangePassword,
        account: (await context.loaders.account.load(result.account.id)) ?? null,
        userErrors: [],
      };
    },
    logout: async (_, __, context) => {
      const result = await mutate(context, async (em) => {
        await signOut(em, viewerOf(context));
        return { ok: true };
      });
      return { ok: 'ok' in result, userErrors: result.userErrors };
    },
    changePassword: (_, { input }, context) =>
      mutate(context, async (em) => ({ account: await changePassword(em, viewerOf(context), input.currentPassword, input.newPassword) })),

    createUnit: (_, { input }, context) =>
      createOnce(context, 'createUnit', input.idempotencyKey, 'unit', context.loaders.unit, async (em, actor) =>
        createUnit(em, actor, { ...input, parentId: decodeUnit(input.parentId, ['input', 'parentId']) }),
      ),
    updateUnit: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        unit: await updateUnit(em, actor, {
          ...input,
          id: idOf(input.id, 'Unit', ['input', 'id']),
          parentId: decodeUnit(input.parentId, ['input', 'parentId']),
        }),
      })),

    dissolveUnit: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ unit: await dissolveUnit(em, actor, idOf(input.id, 'Unit', ['input', 'id'])) })),

    createAccount: (_, { input }, context) =>
      mutateOnce(
        context,
        'createAccount',
        input.idempotencyKey,
        async (em, actor) => {
          const created = await createAccount(em, actor, { ...input, unitId: idOf(input.unitId, 'Unit', ['input', 'unitId']) });
          return {
            id: created.account.id,
            result: created as { account: AccountEntity; temporaryPassword: string | null; rightsGrant: RightsGrantEntity | null },
            // Kept sealed under the key for a retry (core/idempotency.ts), forgotten after fifteen minutes.
            answer: created.temporaryPassword,
          };
        },
        // A retry gets the account (and the grant proposed with it) as the caller may read them now,
        // and within the window the same password: a lost answer left an account no one could sign in to.
        async (id, answer) => {
          const account = await context.loaders.account.load(id);
          return account && { account, temporaryPassword: answer, rightsGrant: await grantProposedWith(context, account) };
        },
      ),
    updateAccount: (_, { input }, context) =>
      mutate(context, (em, actor) =>
        updateAccount(em, actor, {
          ...input,
          id: idOf(input.id, 'Account', ['input', 'id']),
          unitId: decodeUnit(input.unitId, ['input', 'unitId']),
        }),
      ),
    setAccountRoles: (_, { input }, context) =>
      mutate(context, (em, actor) => setAccountRoles(em, actor, idOf(input.id, 'Account', ['input', 'id']), input.roles as Role[])),
    proposeRightsGrant: (_, { input }, context) =>
      createOnce(context, 'proposeRightsGrant', input.idempotencyKey, 'rightsGrant', context.loaders.rightsGrant, async (em, actor) =>
        proposeRightsGrant(em, actor, {
          accountId: idOf(input.accountId, 'Account', ['input', 'accountId']),
          roles: (input.roles ?? []) as Role[],
          title: input.title ?? null,
          unitId: decodeUnit(input.unitId, ['input', 'unitId']),
          reason: input.reason ?? null,
        }),
      ),
    confirmRightsGrant: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ rightsGrant: await confirmRightsGrant(em, actor, await grantId(context, input.id)) })),
    refuseRightsGrant: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({ rightsGrant: await refuseRightsGrant(em, actor, await grantId(context, input.id), input.reason) })),
    lockAccount: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        account: await changeAccountStatus(em, actor, idOf(input.id, 'Account', ['input', 'id']), 'lock', input.reason),
      })),
    unlockAccount: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        account: await changeAccountStatus(em, actor, idOf(input.id, 'Account', ['input', 'id']), 'unlock', input.reason),
      })),
    disableAccount: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        account: await changeAccountStatus(em, actor, idOf(input.id, 'Account', ['input', 'id']), 'disable', input.reason),
      })),
    resetPassword: (_, { input }, context) =>
      mutate(context, (em, actor) => resetPassword(em, actor, idOf(input.id, 'Account', ['input', 'id']))),

    createDelegation: (_, { input }, context) =>
      createOnce(context, 'createDelegation', input.idempotencyKey, 'delegation', context.loaders.delegation, async (em, actor) =>
        createDelegation(em, actor, {
          ...input,
          toAccountId: idOf(input.toAccountId, 'Account', ['input', 'toAccountId']),
        }),
      ),
    revokeDelegation: (_, { input }, context) =>
      mutate(context, async (em, actor) => ({
        delegation: await revokeDelegation(
          em,
          actor,
          await namedRecordId(context.loaders.delegation, input.id, 'Delegation', ['input', 'id'], 'Ủy quyền không tồn tại.'),
        ),
      })),
  },

  Organisation: {
    id: (organisation) => toGlobalId('Organisation', organisation.id),
    units: async (_, { includeDissolved }, context) =>
      treeOrder(await context.em.find(Unit, { $and: [unitPolicy.visible(viewerOf(context)), includeDissolved ? {} : OPEN_UNIT] })),
    rootUnits: (_, { includeDissolved }, context) =>
      context.em.find(Unit, { $and: [unitPolicy.visible(viewerOf(context)), { parent: null }, includeDissolved ? {} : OPEN_UNIT] }, { orderBy: { name: 'asc' } }),
  },

  Unit: {
    id: (unit) => toGlobalId('Unit', unit.id),
    parent: (unit, _, context) => (unit.parent ? context.loaders.unit.load(unit.parent.id) : null),
    children: async (unit, { includeDissolved }, context) => {
      const children = await context.loaders.unitChildren.load(unit.id);
      return includeDissolved ? children : children.filter((child) => !child.dissolvedAt);
    },
    organisation: async (unit, _, context) => {
      const organisation = await context.loaders.organisation.load(unit.organisation.id);
      if (!organisation) throw notFound();
      return organisation;
    },
    accounts: (unit, args, context, info) =>
      paginate(context.em, Account, accountWhere(context, args.filter, unit.id) as never, { username: 'asc', id: 'asc' }, args, info),
  },

  Account: {
    id: (account) => toGlobalId('Account', account.id),
    unit: async (account, _, context) => {
      const unit = await context.loaders.unit.load(account.unit.id);
      if (!unit) throw notFound();
      return unit;
    },
    roles: (account) => account.roles,
    status: (account, _, context) => sealed(context, account, () => account.status),
    mustChangePassword: (account, _, context) => sealed(context, account, () => account.mustChangePassword),
    lastSignInAt: (account, _, context) => sealed(context, account, () => account.lastSignInAt ?? null),
    effectiveRoles: (account, _, context) =>
      sealed(context, account, async () => {
        const delegations = await context.loaders.delegationsInForceTo.load(account.id);
        return effectiveRoles({ roles: account.roles, delegations: delegations.map((delegation) => ({ roles: delegatedRoles(delegation.from.getEntity().roles) })) });
      }),
    actingFor: (account, _, context) =>
      sealed(context, account, async () => {
        const delegations = await context.loaders.delegationsInForceTo.load(account.id);
        const leaders = await context.loaders.account.loadMany(delegations.map((delegation) => delegation.from.id));
        return leaders.filter((leader): leader is AccountEntity => Boolean(leader) && !(leader instanceof Error));
      }),
    viewerCanManage: (account, _, context) => canManageAccount(viewerOf(context), account),
  },

  RightsGrant: {
    id: (grant) => toGlobalId('RightsGrant', grant.id),
    account: (grant, _, context) => context.loaders.account.load(grant.account.id),
    roles: (grant) => grant.roles,
    title: (grant) => grant.title ?? null,
    unit: (grant, _, context) => (grant.unit ? context.loaders.unit.load(grant.unit.id) : null),
    reason: (grant) => grant.reason ?? null,
    proposedBy: (grant, _, context) => context.loaders.account.load(grant.proposedBy.id),
    decidedBy: (grant, _, context) => (grant.decidedBy ? context.loaders.account.load(grant.decidedBy.id) : null),
    decidedOnBehalfOf: (grant, _, context) => (grant.decidedOnBehalfOf ? context.loaders.account.load(grant.decidedOnBehalfOf.id) : null),
    decidedAt: (grant) => grant.decidedAt ?? null,
    refusalReason: (grant) => grant.refusalReason ?? null,
    viewerCanDecide: (grant, _, context) => grant.status === 'PENDING' && canDecideGrant(viewerOf(context), grant),
  },

  Delegation: {
    id: (delegation) => toGlobalId('Delegation', delegation.id),
    from: async (delegation, _, context) => (await context.loaders.account.load(delegation.from.id)) ?? Promise.reject(notFound()),
    to: async (delegation, _, context) => (await context.loaders.account.load(delegation.to.id)) ?? Promise.reject(notFound()),
    revokedAt: (delegation) => delegation.revokedAt ?? null,
    inForce: (delegation, _, context) => context.loaders.delegationInForce.load(delegation.id),
  },

  AuditEntry: {
    id: (entry) => toGlobalId('AuditEntry', entry.id),
    actor: (entry, _, context) => (entry.actorId ? context.loaders.account.load(entry.actorId) : null),
    onBehalfOf: (entry, _, context) => (entry.onBehalfOfId ? context.loaders.account.load(entry.onBehalfOfId) : null),
    targetId: (entry) => (entry.targetId && isNodeType(entry.targetType) ? toGlobalId(entry.targetType, entry.targetId) : null),
    // What an act on a record says of it (numbers, reasons, codes) is part of that record: sealed
    // with it, shown only to a reader who may see the record now (issue 11). The act itself — who,
    // when, what, on which record — stays readable for the audit.
    details: async (entry, _, context) =>
      !entry.targetId || !isNodeType(entry.targetType) || (await context.sees(entry.targetType, entry.targetId)) ? entry.details : '{}',
  },

  AuditVerification: {
    ok: (verification) => verification.problems.length === 0,
  },
};

/** Entities shown under another name in the API. */
const API_NAMES: Record<string, string> = { NoticeDelivery: 'Notice' };

/** The GraphQL type of a loaded entity, for the Node interface. */
export function nodeTypeOf(entity: object): string {
  const name = rowEntityName(entity) ?? wrap(entity, true).__meta.className;
  return API_NAMES[name] ?? name;
}
