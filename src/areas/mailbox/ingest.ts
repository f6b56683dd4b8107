import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { authenticate } from 'mailauth';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { BlobStore } from '../../core/blob-store.ts';
import { recordChanges } from '../../core/audit/trail.ts';
import { forkForOrganisation } from '../../core/context.ts';
import { putBytes } from '../../core/blob-bytes.ts';
import { MailAttachment, MailMessage, type MailboxEntity } from './mailbox.ts';
import { mailSearchText } from './search.ts';

/**
 * A message received for one or more mailboxes: parsed once (mailparser: MIME, RFC 2047 words,
 * legacy charsets), its raw bytes kept by SHA-256, its DKIM and SPF results recorded as mailauth
 * gives them, and stored in each mailbox once per Message-ID. All of a mailbox's rows are written
 * in one transaction, so a failure stores nothing of it.
 */
export interface Arrival {
  raw: Buffer;
  mailboxes: readonly MailboxEntity[];
  clientAddress: string;
  helo: string;
  mailFrom: string;
}

/** Extensions and leading bytes of programs: such an attachment is kept, quarantined, and never handed out. */
const EXECUTABLE_NAMES = /\.(exe|com|bat|cmd|scr|pif|msi|dll|js|jse|vbs|vbe|wsf|ps1|jar|sh|cpl|hta|lnk)$/i;
function isExecutable(fileName: string, bytes: Buffer): boolean {
  if (EXECUTABLE_NAMES.test(fileName)) return true;
  const head = bytes.subarray(0, 4);
  return (head[0] === 0x4d && head[1] === 0x5a) || head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

export const bare = (id: string) => id.trim().replace(/^<|>$/g, '');

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects.flatMap((object) => object.value.flatMap((value) => [value.address, ...(value.group ?? []).map((member) => member.address)])).filter((address): address is string => Boolean(address)).map((address) => address.toLowerCase());
}

/**
 * DNS for mailauth with a short deadline: a receiver without internet records temperror (or none)
 * instead of holding the SMTP client.
 */
async function boundedResolve(name: string, type: string): Promise<unknown> {
  const { promises } = await import('node:dns');
  const resolver = new promises.Resolver({ timeout: 1500, tries: 1 });
  return resolver.resolve(name, type as 'TXT');
}

async function authenticationOf(arrival: Arrival): Promise<{ dkim: string; spf: string }> {
  try {
    const result = await authenticate(arrival.raw, {
      ip: arrival.clientAddress,
      helo: arrival.helo,
      sender: arrival.mailFrom,
      resolver: boundedResolve as never,
      disableArc: true,
      disableBimi: true,
      disableDmarc: true,
    });
    const dkim = result.dkim?.results?.[0]?.status?.result ?? 'none';
    const spf = (result.spf && typeof result.spf === 'object' ? result.spf.status?.result : null) ?? 'none';
    return { dkim, spf };
  } catch {
    return { dkim: 'temperror', spf: 'temperror' };
  }
}

export interface Parsed {
  mail: ParsedMail;
  messageId: string;
}

/** Parses the message; a message without a Message-ID is given one (so it is still stored once). */
export async function parse(raw: Buffer): Promise<Parsed> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const messageId = mail.messageId ? bare(mail.messageId) : `${randomUUID()}@vanthu.invalid`;
  return { mail, messageId };
}

/** Stores an arrival in each of its mailboxes; how many new messages were stored. */
export async function ingest(orm: MikroORM, store: BlobStore, arrival: Arrival): Promise<number> {
  const { mail, messageId } = await parse(arrival.raw);
  const [auth, rawSha256, files] = await Promise.all([
    authenticationOf(arrival),
    putBytes(store, arrival.raw),
    Promise.all(
      mail.attachments.map(async (attachment) => {
        const fileName = (attachment.filename ?? 'tep-dinh-kem').slice(0, 255);
        return { fileName, contentType: attachment.contentType.slice(0, 255), size: attachment.size ?? attachment.content.length, sha256: await putBytes(store, attachment.content), quarantined: isExecutable(fileName, attachment.content) };
      }),
    ),
  ]);
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []).map(bare);
  const inReplyTo = mail.inReplyTo ? bare(mail.inReplyTo) : null;
  const from = mail.from?.value[0];
  const fromAddress = (from?.address ?? arrival.mailFrom ?? '').toLowerCase().slice(0, 320);
  const fromName = from?.name ? from.name.slice(0, 255) : null;
  const subject = (mail.subject ?? '').slice(0, 998);
  const text = mail.text ?? '';
  let stored = 0;
  for (const mailbox of arrival.mailboxes) {
    const em = forkForOrganisation(orm, mailbox.organisation.id);
    await em.transactional(async (tx) => {
      const id = randomUUID();
      const threadOf = await tx.findOne(MailMessage, { mailbox: mailbox.id, messageId: { $in: [inReplyTo, ...references].filter((value): value is string => Boolean(value)) } }, { fields: ['threadId'], orderBy: { sentAt: 'asc' } });
      const [inserted] = await tx.execute<{ id: string }[]>(
        `insert into "mail_message" ("id", "organisation_id", "mailbox_id", "message_id", "in_reply_to", "references", "thread_id", "outgoing", "folder", "from_address", "from_name", "to_addresses", "cc_addresses", "subject", "text", "html", "sent_at", "received_at", "raw_sha256", "raw_size", "dkim_result", "spf_result", "search_text", "send_attempts")
         values (?, ?, ?, ?, ?, ?::text[], ?, false, 'INBOX', ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, 0)
         on conflict ("mailbox_id", "message_id") do nothing returning "id"`,
        [id, mailbox.organisation.id, mailbox.id, messageId.slice(0, 998), inReplyTo, pgArray(references), threadOf?.threadId ?? id, fromAddress, fromName, pgArray(addresses(mail.to)), pgArray(addresses(mail.cc)), subject, text, mail.html || null, mail.date ?? new Date(), rawSha256, arrival.raw.length, auth.dkim.slice(0, 32), auth.spf.slice(0, 32), mailSearchText(subject, fromAddress, fromName, text)],
      );
      // The same Message-ID again (a retry of the sending server, a copy relayed twice): kept once.
      if (!inserted) return;
      for (const file of files) tx.create(MailAttachment, { organisation: mailbox.organisation.id, message: id, ...file } as never);
      await tx.flush();
      await recordChanges(tx, [{ organisationId: mailbox.organisation.id, action: 'mail.received', target: { type: 'MailMessage', id }, details: { mailboxId: mailbox.id, rawSha256 } }]);
      stored += 1;
    });
  }
  return stored;
}

/** A text[] literal (values quoted, so commas and braces in them are kept). */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
