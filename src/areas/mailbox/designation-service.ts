import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../core/actor.ts';
import { auditAct } from '../../core/audit/trail.ts';
import { publish } from '../../core/events.ts';
import type { Role } from '../../core/titles.ts';
import { Problems, reject } from '../../core/user-error.ts';
import { requiredText } from '../../core/validation.ts';
import { Account } from '../accounts/public.ts';
import { Mailbox, MailboxDesignation, type DesignationRole, type MailboxEntity } from './mailbox.ts';
import { leadsOrganisation, mailboxPolicy } from './mail-policy.ts';

/**
 * Mailboxes and who reads them (issue 15 §1): a leader creates a mailbox, designates its readers
 * and the one head who replies, and withdraws them. Each designation and withdrawal is kept
 * (MailboxDesignation) and audited, and rewrites the mailbox's `readers` in the same transaction,
 * so it holds for the next request and the next subscription event alike.
 */
function leaderOf(actor: Actor) {
  if (!actor.viewer || !actor.accountId || !leadsOrganisation(actor.viewer)) reject(null, 'NOT_ALLOWED', 'Chỉ lãnh đạo cơ quan chỉ định người đọc hộp thư chung.');
  return { viewer: actor.viewer, accountId: actor.accountId };
}

const ADDRESS = /^[^\s@<>()",;:]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export async function createMailbox(em: EntityManager, actor: Actor, input: { address: string; displayName: string }): Promise<MailboxEntity> {
  const leader = leaderOf(actor);
  const problems = new Problems();
  const address = input.address.trim().toLowerCase();
  if (!ADDRESS.test(address)) problems.add(['input', 'address'], 'INVALID', 'Địa chỉ thư không hợp lệ.');
  const displayName = requiredText(problems, ['input', 'displayName'], input.displayName, 255, 'Tên hộp thư');
  problems.throwIfAny();
  if (await em.findOne(Mailbox, { address }, { filters: false })) reject(['input', 'address'], 'DUPLICATE', 'Địa chỉ này đã là một hộp thư chung.');
  const mailbox = em.create(Mailbox, { organisation: actor.organisationId, address, displayName: displayName!, createdBy: leader.accountId, readers: [] } as never);
  await em.flush();
  await auditAct(em, actor, 'mailbox.created', { type: 'Mailbox', id: mailbox.id }, { address });
  return mailbox;
}

/** The mailbox, locked for the change, if the leader may see it. */
async function findMailbox(em: EntityManager, actor: Actor, id: string): Promise<MailboxEntity> {
  await em.execute('select 1 from "mailbox" where "id" = ? for update', [id]);
  const mailbox = await em.findOne(Mailbox, { $and: [{ id }, mailboxPolicy.visible(actor.viewer!)] } as never);
  if (!mailbox) reject(['input', 'mailboxId'], 'NOT_FOUND', 'Hộp thư không tồn tại.');
  return mailbox;
}

const REQUIRED_ROLES: Record<DesignationRole, readonly Role[]> = { HEAD: ['INFORMATION_LEAD'], READER: ['MAILBOX_READER', 'INFORMATION_LEAD'] };

/** Readers (the head among them) from the designations in force. */
async function rewriteReaders(em: EntityManager, mailbox: MailboxEntity): Promise<void> {
  const active = await em.find(MailboxDesignation, { mailbox: mailbox.id, withdrawnAt: null });
  mailbox.readers = [...new Set(active.map((designation) => designation.account.id))].sort();
  const head = active.find((designation) => designation.role === 'HEAD');
  mailbox.head = (head ? head.account : null) as never;
  await em.flush();
}

async function announce(em: EntityManager, actor: Actor, action: string, mailbox: MailboxEntity, accountId: string, role: DesignationRole): Promise<void> {
  await auditAct(em, actor, action, { type: 'Mailbox', id: mailbox.id }, { accountId, role });
  // Open sockets of that person are rebuilt at once, as for any change of their rights.
  await publish(em, { type: 'account.changed', accountId, organisationId: actor.organisationId });
}

export async function designate(em: EntityManager, actor: Actor, input: { mailboxId: string; accountId: string; role: DesignationRole }): Promise<MailboxEntity> {
  const leader = leaderOf(actor);
  const mailbox = await findMailbox(em, actor, input.mailboxId);
  const account = await em.findOne(Account, { id: input.accountId, status: 'ACTIVE' });
  if (!account) reject(['input', 'accountId'], 'NOT_FOUND', 'Người được chỉ định không tồn tại hoặc không hoạt động.');
  const roles = account.roles as readonly Role[];
  if (!REQUIRED_ROLES[input.role].some((role) => roles.includes(role))) {
    reject(['input', 'accountId'], 'NOT_ALLOWED', input.role === 'HEAD' ? 'Người phụ trách hộp thư phải có vai trò Trưởng nhóm thông tin.' : 'Người đọc hộp thư phải có vai trò đọc hộp thư chung.');
  }
  const now = new Date();
  const current = await em.find(MailboxDesignation, { mailbox: mailbox.id, withdrawnAt: null });
  if (current.some((designation) => designation.account.id === account.id && designation.role === input.role)) {
    reject(['input', 'accountId'], 'DUPLICATE', 'Người này đã được chỉ định như vậy.');
  }
  // One head: designating another withdraws the one before (they keep reading only if also a reader).
  const replaced = input.role === 'HEAD' ? current.filter((designation) => designation.role === 'HEAD') : [];
  for (const designation of replaced) Object.assign(designation, { withdrawnAt: now, withdrawnBy: leader.accountId });
  em.create(MailboxDesignation, { organisation: actor.organisationId, mailbox: mailbox.id, account: account.id, role: input.role, designatedBy: leader.accountId, designatedAt: now } as never);
  await em.flush();
  await rewriteReaders(em, mailbox);
  for (const designation of replaced) await announce(em, actor, 'mailbox.designation_withdrawn', mailbox, designation.account.id, 'HEAD');
  await announce(em, actor, 'mailbox.designated', mailbox, account.id, input.role);
  return mailbox;
}

export async function withdraw(em: EntityManager, actor: Actor, input: { mailboxId: string; accountId: string }): Promise<MailboxEntity> {
  const leader = leaderOf(actor);
  const mailbox = await findMailbox(em, actor, input.mailboxId);
  const current = await em.find(MailboxDesignation, { mailbox: mailbox.id, account: input.accountId, withdrawnAt: null });
  if (current.length === 0) reject(['input', 'accountId'], 'NOT_FOUND', 'Người này không được chỉ định đọc hộp thư.');
  const now = new Date();
  for (const designation of current) Object.assign(designation, { withdrawnAt: now, withdrawnBy: leader.accountId });
  await em.flush();
  await rewriteReaders(em, mailbox);
  for (const designation of current) await announce(em, actor, 'mailbox.designation_withdrawn', mailbox, input.accountId, designation.role);
  return mailbox;
}
