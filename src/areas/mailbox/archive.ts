import type { MikroORM } from '@mikro-orm/postgresql';
import { appendAudit } from '../../core/audit/trail.ts';
import type { BlobStore } from '../../core/blob-store.ts';
import { forkForOrganisation } from '../../core/context.ts';
import type { ServerParts } from '../../core/module.ts';
import { putBytes, readBytes } from '../../core/blob-bytes.ts';
import { MailArchive, Mailbox, MailMessage, type MailboxEntity, type MailMessageEntity } from './mailbox.ts';

/**
 * The monthly backup and the retention of work mail (issue 15 §6; seed 000 Art. 12): on the 1st,
 * the previous month's work mail of each mailbox (received and sent, not what a reader marked
 * unrelated to work, not drafts) is written as one mbox file (mboxrd: lines beginning "From "
 * quoted) with a manifest of SHA-256 sums, both kept in the blob store. Mail and archives older
 * than 12 months are then purged, and the purge goes on the audit trail. Months are Vietnam's.
 */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The month before `now` (Vietnam time): its name and its bounds as instants. */
export function previousMonth(now: Date): { month: string; from: Date; to: Date } {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  const monthIndex = local.getUTCMonth();
  const from = new Date(Date.UTC(year, monthIndex - 1, 1) - VIETNAM_OFFSET_MS);
  const to = new Date(Date.UTC(year, monthIndex, 1) - VIETNAM_OFFSET_MS);
  const start = new Date(from.getTime() + VIETNAM_OFFSET_MS);
  return { month: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, from, to };
}

/** Twelve months before `now`'s month began (Vietnam time): mail received before it is purged. */
export function retentionCutoff(now: Date): { month: string; at: Date } {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const at = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 12, 1) - VIETNAM_OFFSET_MS);
  const start = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  return { month: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, at };
}

const asctime = (date: Date) => date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_, day, dom, month, year, time) => `${day} ${month} ${String(dom).padStart(2, ' ')} ${time} ${year}`);

/** One message as an mboxrd entry: the separator line, the raw message with LF line ends and "From " lines quoted, a blank line. */
function mboxEntry(message: MailMessageEntity, raw: Buffer): string {
  const body = raw.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
  return `From ${message.fromAddress || 'MAILER-DAEMON'} ${asctime(message.receivedAt)}\n${body}${body.endsWith('\n') ? '' : '\n'}\n`;
}

async function archiveMailbox(orm: MikroORM, store: BlobStore, mailbox: MailboxEntity, month: { month: string; from: Date; to: Date }): Promise<number> {
  const em = forkForOrganisation(orm, mailbox.organisation.id);
  if (await em.findOne(MailArchive, { mailbox: mailbox.id, month: month.month })) return 0;
  const messages = await em.find(
    MailMessage,
    { mailbox: mailbox.id, receivedAt: { $gte: month.from, $lt: month.to }, folder: { $nin: ['UNRELATED', 'DRAFTS'] }, rawSha256: { $ne: null } },
    { orderBy: { receivedAt: 'asc', id: 'asc' } },
  );
  const entries: string[] = [];
  const sums: string[] = [];
  for (const message of messages) {
    const raw = await readBytes(store, message.rawSha256!);
    if (!raw) throw new Error(`the raw bytes of mail ${message.id} are missing`);
    entries.push(mboxEntry(message, raw));
    sums.push(`${message.rawSha256}  ${message.messageId}`);
  }
  const mbox = Buffer.from(entries.join(''), 'latin1');
  const sha256 = await putBytes(store, mbox);
  const name = `${mailbox.address}-${month.month}.mbox`;
  const manifest = `${[...sums, `${sha256}  ${name}`].join('\n')}\n`;
  const manifestSha256 = await putBytes(store, Buffer.from(manifest, 'utf8'));
  await em.transactional(async (tx) => {
    tx.create(MailArchive, { organisation: mailbox.organisation.id, mailbox: mailbox.id, month: month.month, sha256, size: mbox.length, messageCount: messages.length, manifest, manifestSha256 } as never);
    await tx.flush();
    await appendAudit(tx, { organisationId: mailbox.organisation.id, action: 'mail.archived', details: { mailboxId: mailbox.id, month: month.month, messages: messages.length, sha256 } });
  });
  return 1;
}

async function purgeMailbox(orm: MikroORM, mailbox: MailboxEntity, cutoff: { month: string; at: Date }): Promise<{ messages: number; archives: number }> {
  const em = forkForOrganisation(orm, mailbox.organisation.id);
  return em.transactional(async (tx) => {
    const messages = await tx.nativeDelete(MailMessage, { mailbox: mailbox.id, receivedAt: { $lt: cutoff.at } });
    const archives = await tx.nativeDelete(MailArchive, { mailbox: mailbox.id, month: { $lt: cutoff.month } });
    if (messages + archives > 0) await appendAudit(tx, { organisationId: mailbox.organisation.id, action: 'mail.purged', details: { mailboxId: mailbox.id, before: cutoff.at.toISOString(), messages, archives } });
    return { messages, archives };
  });
}

/** The `mail-archive` job; `data.now` (an ISO instant) stands for the clock, for operators re-running a month and for tests. */
export async function archiveAndPurge({ orm, store }: Pick<ServerParts, 'orm' | 'store'>, data: { now?: string } = {}): Promise<{ archives: number; purgedMessages: number; purgedArchives: number }> {
  const now = data.now ? new Date(data.now) : new Date();
  const month = previousMonth(now);
  const cutoff = retentionCutoff(now);
  const mailboxes = await orm.em.fork().find(Mailbox, {}, { filters: false, orderBy: { id: 'asc' } });
  let archives = 0;
  let purgedMessages = 0;
  let purgedArchives = 0;
  for (const mailbox of mailboxes) {
    archives += await archiveMailbox(orm, store, mailbox, month);
    const purged = await purgeMailbox(orm, mailbox, cutoff);
    purgedMessages += purged.messages;
    purgedArchives += purged.archives;
  }
  return { archives, purgedMessages, purgedArchives };
}
