import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { freePort, smtpClient } from '../support/mail.ts';
import { eventually } from '../support/wait.ts';

/**
 * Issue 15 §6: the monthly job with its clock set to the 1st of December 2026 (Vietnam time). The
 * archive holds exactly November's work mail (received and sent, not what was marked unrelated,
 * not October's), parses with an independent mbox reader (Python's standard `mailbox` module),
 * matches its manifest, and mail older than 12 months is purged, the purge recorded.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
let smtpPort: number;
let mailboxId: string;
const ADDRESS = 'bitec@mot.gov.vn';

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

async function deliver(subject: string, receivedAt: string, text = 'Nội dung') {
  const id = `${createHash('sha1').update(subject).digest('hex')}@b.gov.vn`;
  await smtpClient(smtpPort).sendMail({ from: 'nguoigui@b.gov.vn', to: ADDRESS, subject, text, messageId: `<${id}>` });
  await sql(`update mail_message set received_at = ? where message_id = ?`, [receivedAt, id]);
  return id;
}

beforeAll(async () => {
  smtpPort = await freePort();
  process.env.SMTP_PORT = String(smtpPort);
  app = await startSignedIn(signedIn, { jobs: { pollingIntervalSeconds: 0.5, crons: { 'mail-send': '0 0 1 1 *', 'mail-archive': '0 0 1 1 *' } } });
  delete process.env.SMTP_PORT;
  mailboxId = (await ok(app, tokens.leader!, 'createMailbox', 'CreateMailboxInput', { address: ADDRESS, displayName: 'BITEC' }, 'mailbox { id }')).mailbox.id;
  await ok(app, tokens.leader!, 'designateMailboxReader', 'DesignateMailboxReaderInput', { mailboxId, accountId: ids.informationLead, role: 'HEAD' });
  await ok(app, tokens.leader!, 'designateMailboxReader', 'DesignateMailboxReaderInput', { mailboxId, accountId: ids.mailboxReader, role: 'READER' });
});
afterAll(() => app?.close());

describe('the monthly backup and the 12-month retention', () => {
  it('on the 1st, the archive holds exactly the work mail of the month before, parses as mbox, and old mail is purged', async () => {
    // 1 November 00:30 Vietnam time is still November; 30 November 23:30 too; 1 December 00:10 is not.
    await deliver('Tháng 11 đầu tháng', '2026-10-31T17:30:00Z', 'From the start of a line must be quoted');
    await deliver('Tháng 11 cuối tháng', '2026-11-30T16:30:00Z');
    await deliver('Tháng 12', '2026-11-30T17:10:00Z');
    await deliver('Tháng 10', '2026-10-15T03:00:00Z');
    const unrelated = await deliver('Quảng cáo tháng 11', '2026-11-10T03:00:00Z');
    await deliver('Thư cũ 13 tháng', '2025-11-15T03:00:00Z');
    await deliver('Thư cũ 14 tháng', '2025-10-20T03:00:00Z');
    const [{ id: unrelatedId }] = (await sql<{ id: string }>(`select id from mail_message where message_id = ?`, [unrelated])) as [{ id: string }];
    const { toGlobalId } = await import('../../src/core/ids.ts');
    await ok(app, tokens.mailboxReader!, 'moveMail', 'MoveMailInput', { messageId: toGlobalId('MailMessage', unrelatedId), folder: 'UNRELATED' });
    // A sent reply of November counts as work mail too (its raw bytes kept as the mail-send job keeps them).
    const built = await (await import('nodemailer')).default.createTransport({ streamTransport: true, buffer: true }).sendMail({ from: ADDRESS, to: 'nguoigui@b.gov.vn', subject: 'Re: Tháng 11 đầu tháng', text: 'Trả lời', messageId: '<sent-11@mot.gov.vn>' });
    const { putBytes } = await import('../../src/core/blob-bytes.ts');
    const { LocalBlobStore } = await import('../../src/areas/files/blob-store.ts');
    const sentSha = await putBytes(new LocalBlobStore(app.filesDir), built.message as Buffer);
    await sql(`insert into mail_message (id, organisation_id, mailbox_id, message_id, thread_id, outgoing, folder, from_address, subject, text, sent_at, received_at, search_text, send_state, outgoing_kind, raw_sha256, raw_size)
      select gen_random_uuid(), organisation_id, mailbox_id, 'sent-11@mot.gov.vn', gen_random_uuid(), true, 'SENT', ?, 'Re: Tháng 11 đầu tháng', 'Trả lời', '2026-11-05T03:00:00Z', '2026-11-05T03:00:00Z', '', 'SENT', 'REPLY', ?, 100
      from mail_message where subject = 'Tháng 11 cuối tháng'`, [ADDRESS, sentSha]);

    await app.server.jobs!.runNow('mail-archive', { now: '2026-11-30T18:05:00Z' });
    const ARCHIVES = `query ($id: ID!) { mailbox(id: $id) { archives { month messageCount sha256 manifest downloadUrl manifestUrl } } }`;
    const [archive] = await eventually(async () => {
      const archives = (await app.gql(ARCHIVES, { id: mailboxId }, tokens.mailboxReader)).data!.mailbox.archives;
      expect(archives).toHaveLength(1);
      return archives;
    }, { timeout: 20_000, every: 200 });
    expect(archive).toMatchObject({ month: '2026-11', messageCount: 3 });

    const base = app.url.replace(/\/graphql$/, '');
    const download = await fetch(`${base}${archive.downloadUrl}`, { headers: { authorization: `Bearer ${tokens.mailboxReader}` } });
    expect(download.status).toBe(200);
    const mbox = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(mbox).digest('hex')).toBe(archive.sha256);
    expect(archive.manifest.trim().split('\n').at(-1)).toBe(`${archive.sha256}  ${ADDRESS}-2026-11.mbox`);
    const manifest = await fetch(`${base}${archive.manifestUrl}`, { headers: { authorization: `Bearer ${tokens.mailboxReader}` } });
    expect(await manifest.text()).toBe(archive.manifest);

    // An independent reader: Python's mailbox module.
    const folder = await mkdtemp(path.join(os.tmpdir(), 'vanthu-mbox-'));
    try {
      const file = path.join(folder, 'archive.mbox');
      await writeFile(file, mbox);
      const script = 'import mailbox, sys, json\nfrom email.header import decode_header, make_header\nprint(json.dumps([[str(make_header(decode_header(m["subject"]))), m.get_payload(decode=True).decode("utf-8", "replace") if not m.is_multipart() else ""] for m in mailbox.mbox(sys.argv[1])]))';
      const parsed = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as [string, string][];
      expect(parsed.map(([subject]) => subject)).toEqual(['Tháng 11 đầu tháng', 'Re: Tháng 11 đầu tháng', 'Tháng 11 cuối tháng']);
      expect(parsed[0]![1]).toContain('From the start of a line must be quoted');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }

    // Readers only: the leader, the clerk and the specialist get 404.
    for (const who of ['leader', 'clerk', 'specialist', 'itOfficer']) {
      const refused = await fetch(`${base}${archive.downloadUrl}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      expect(refused.status, who).toBe(404);
    }

    // Retention: the clock's month is December 2026; what was received before December 2025 (Vietnam) is purged.
    const left = (await sql<{ subject: string }>(`select subject from mail_message order by received_at`)).map((row) => row.subject);
    expect(left).not.toContain('Thư cũ 14 tháng');
    expect(left).not.toContain('Thư cũ 13 tháng');
    expect(left).toContain('Tháng 10');
    const purge = await sql(`select details from audit_entry where action = 'mail.purged'`);
    expect(JSON.parse(purge[0]!.details)).toMatchObject({ messages: 2, archives: 0 });

    // Run again for the same month: one archive, nothing more purged.
    await app.server.jobs!.runNow('mail-archive', { now: '2026-11-30T18:05:00Z' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await sql(`select count(*)::int as n from mail_archive`))[0]!.n).toBe(1);
  }, 60_000);
});
