import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { startReceiver } from '../../src/areas/mailbox/receiver.ts';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { freePort, smtpClient, startRelay } from '../support/mail.ts';
import { eventually, subscribe } from '../support/wait.ts';

/**
 * Issue 15: the shared mailbox over real SMTP. nodemailer delivers to the receiver the server runs
 * (SMTP_PORT); the head replies and the `mail-send` job hands the reply to an SMTP relay started
 * here, first down, then up; what the relay got is read back from its raw bytes.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
let smtpPort: number;
let mailboxId: string;
const ADDRESS = 'bitec@mot.gov.vn';
const SUBJECT = 'Công văn số 12/BCT về báo cáo quý IV';
const SENDER = 'nguyenvana@bocongthuong.gov.vn';

const MAILBOX = `query ($id: ID!) { mailbox(id: $id) { address readers { id } head { id } viewerIsHead unreadCount
  messages { totalCount nodes { id subject fromAddress read folder } } } }`;
const MESSAGE = `query ($id: ID!) { mailMessage(id: $id) { id subject fromName fromAddress to text html messageId inReplyTo dkim spf read folder rawSha256 rawSize
  attachments { id fileName contentType size quarantined downloadUrl } thread { id subject } accessHistory { account { id } via } } }`;

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

function deliver(message: Record<string, unknown>) {
  return smtpClient(smtpPort).sendMail({ from: `"Nguyễn Văn A" <${SENDER}>`, to: ADDRESS, ...message });
}

async function messagesBySubject(token: string): Promise<Record<string, any>> {
  const response = await app.gql(MAILBOX, { id: mailboxId }, token);
  return Object.fromEntries(response.data!.mailbox.messages.nodes.map((node: { subject: string }) => [node.subject, node]));
}

beforeAll(async () => {
  smtpPort = await freePort();
  process.env.SMTP_PORT = String(smtpPort);
  process.env.SMTP_MAX_BYTES = String(2 * 1024 * 1024);
  app = await startSignedIn(signedIn, { jobs: { pollingIntervalSeconds: 0.5, crons: { 'mail-send': '0 0 1 1 *' } } });
  delete process.env.SMTP_PORT;
  const created = await ok(app, tokens.leader!, 'createMailbox', 'CreateMailboxInput', { address: 'BITEC@mot.gov.vn', displayName: 'Nhóm Thông tin BITEC' }, 'mailbox { id address }');
  mailboxId = created.mailbox.id;
  expect(created.mailbox.address).toBe(ADDRESS);
  await ok(app, tokens.leader!, 'designateMailboxReader', 'DesignateMailboxReaderInput', { mailboxId, accountId: ids.informationLead, role: 'HEAD' });
  await ok(app, tokens.leader!, 'designateMailboxReader', 'DesignateMailboxReaderInput', { mailboxId, accountId: ids.mailboxReader, role: 'READER' });
});
afterAll(() => app?.close());

describe('mailboxes and designations', () => {
  it('a leader designates; each designation is kept and audited; refusals change nothing', async () => {
    const view = await app.gql(`query ($id: ID!) { mailbox(id: $id) { head { id } readers { id } designations { account { id } role designatedBy { id } withdrawnAt } } }`, { id: mailboxId }, tokens.leader);
    expect(view.data!.mailbox.head.id).toBe(ids.informationLead);
    expect(view.data!.mailbox.readers.map((reader: { id: string }) => reader.id).sort()).toEqual([ids.informationLead, ids.mailboxReader].sort());
    expect(view.data!.mailbox.designations).toHaveLength(2);
    const audited = await sql(`select action from audit_entry where target_type = 'Mailbox' order by sequence`);
    expect(audited.map((row) => row.action)).toEqual(['mailbox.created', 'mailbox.designated', 'mailbox.designated']);
    // Someone without a mailbox role cannot be designated; a non-leader cannot designate.
    const refused = await app.gql(`mutation ($input: DesignateMailboxReaderInput!) { designateMailboxReader(input: $input) { mailbox { id } userErrors { code } } }`, { input: { mailboxId, accountId: ids.specialist, role: 'READER' } }, tokens.leader);
    expect(refused.data!.designateMailboxReader.userErrors[0].code).toBe('NOT_ALLOWED');
    const byReader = await app.gql(`mutation ($input: DesignateMailboxReaderInput!) { designateMailboxReader(input: $input) { userErrors { code } } }`, { input: { mailboxId, accountId: ids.mailboxReader, role: 'HEAD' } }, tokens.informationLead);
    expect(byReader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const duplicate = await app.gql(`mutation ($input: CreateMailboxInput!) { createMailbox(input: $input) { userErrors { code } } }`, { input: { address: ADDRESS, displayName: 'Khác' } }, tokens.leader);
    expect(duplicate.data!.createMailbox.userErrors[0].code).toBe('DUPLICATE');
    expect((await sql(`select count(*)::int as n from mailbox_designation`))[0]!.n).toBe(2);
  });
});

describe('real mail in over SMTP', () => {
  it('plain, HTML and attached mail with a Vietnamese RFC 2047 subject is parsed, kept by SHA-256 and shown to the readers', async () => {
    const plain = await deliver({ subject: SUBJECT, text: 'Kính gửi Nhóm Thông tin, đề nghị báo cáo tình hình quý IV.', messageId: '<cv12@bocongthuong.gov.vn>' });
    expect(plain.accepted).toEqual([ADDRESS]);
    await deliver({ subject: 'Thư mời họp giao ban', html: '<p>Mời <b>đồng chí</b> dự họp lúc 8 giờ.</p>', messageId: '<hop@bocongthuong.gov.vn>' });
    await deliver({
      subject: 'Hồ sơ đính kèm',
      text: 'Gửi kèm tài liệu.',
      messageId: '<hoso@bocongthuong.gov.vn>',
      attachments: [
        { filename: 'Báo cáo quý.pdf', content: Buffer.from('%PDF-1.4 báo cáo'), contentType: 'application/pdf' },
        { filename: 'setup.exe', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]), contentType: 'application/octet-stream' },
      ],
    });
    const raw = (await sql(`select raw_sha256, raw_size, subject from mail_message where message_id = 'cv12@bocongthuong.gov.vn'`))[0]!;
    // The subject went over the wire RFC 2047-encoded, and is kept decoded.
    expect(raw.subject).toBe(SUBJECT);
    const stored = await import('node:fs/promises').then((fs) => fs.readdir(app.filesDir, { recursive: true }));
    expect(stored.some((name) => String(name).includes(raw.raw_sha256))).toBe(true);

    const byReader = await messagesBySubject(tokens.mailboxReader!);
    expect(Object.keys(byReader).sort()).toEqual([SUBJECT, 'Hồ sơ đính kèm', 'Thư mời họp giao ban'].sort());
    const message = (await app.gql(MESSAGE, { id: byReader[SUBJECT].id }, tokens.mailboxReader)).data!.mailMessage;
    expect(message).toMatchObject({ subject: SUBJECT, fromName: 'Nguyễn Văn A', fromAddress: SENDER, to: [ADDRESS], messageId: 'cv12@bocongthuong.gov.vn', read: true });
    expect(message.text).toContain('báo cáo tình hình quý IV');
    // No internet here: mailauth's answers are recorded as they came (no signature: none; SPF without DNS: none or temperror).
    expect(message.dkim).toBe('none');
    expect(['none', 'temperror', 'softfail', 'neutral']).toContain(message.spf);
    expect(message.accessHistory).toEqual([{ account: { id: ids.mailboxReader }, via: 'by_id' }]);

    const html = (await app.gql(MESSAGE, { id: byReader['Thư mời họp giao ban'].id }, tokens.mailboxReader)).data!.mailMessage;
    expect(html.html).toContain('<b>đồng chí</b>');
    expect(html.text).toContain('đồng chí');

    const attached = (await app.gql(MESSAGE, { id: byReader['Hồ sơ đính kèm'].id }, tokens.informationLead)).data!.mailMessage;
    const named = (name: string) => attached.attachments.find((attachment: { fileName: string }) => attachment.fileName === name);
    const [exe, pdf] = [named('setup.exe'), named('Báo cáo quý.pdf')];
    expect(pdf).toMatchObject({ fileName: 'Báo cáo quý.pdf', contentType: 'application/pdf', quarantined: false });
    expect(exe).toMatchObject({ fileName: 'setup.exe', quarantined: true, downloadUrl: null });
    const base = app.url.replace(/\/graphql$/, '');
    const download = await fetch(`${base}${pdf.downloadUrl}`, { headers: { authorization: `Bearer ${tokens.informationLead}` } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 báo cáo');
    const quarantined = await fetch(`${base}/mail/attachments/${exe.id}`, { headers: { authorization: `Bearer ${tokens.informationLead}` } });
    expect(quarantined.status).toBe(404);
  });

  it('the same Message-ID is stored once; threads follow In-Reply-To and References; read state is per reader', async () => {
    await deliver({ subject: SUBJECT, text: 'Bản gửi lại', messageId: '<cv12@bocongthuong.gov.vn>' });
    await deliver({ subject: `Re: ${SUBJECT}`, text: 'Bổ sung số liệu', messageId: '<cv12-2@bocongthuong.gov.vn>', inReplyTo: '<cv12@bocongthuong.gov.vn>', references: ['<cv12@bocongthuong.gov.vn>'] });
    expect((await sql(`select count(*)::int as n from mail_message where message_id = 'cv12@bocongthuong.gov.vn'`))[0]!.n).toBe(1);
    const byHead = await messagesBySubject(tokens.informationLead!);
    const follow = (await app.gql(MESSAGE, { id: byHead[`Re: ${SUBJECT}`].id }, tokens.informationLead)).data!.mailMessage;
    expect(follow.thread.map((message: { subject: string }) => message.subject)).toEqual([SUBJECT, `Re: ${SUBJECT}`]);
    // The reader opened only the first message; the head's read state is her own.
    const reader = await messagesBySubject(tokens.mailboxReader!);
    expect(reader[SUBJECT].read).toBe(true);
    expect(reader[`Re: ${SUBJECT}`].read).toBe(false);
    expect(byHead[SUBJECT].read).toBe(false);
    const unread = (await app.gql(MAILBOX, { id: mailboxId }, tokens.mailboxReader)).data!.mailbox.unreadCount;
    await ok(app, tokens.mailboxReader!, 'markMailRead', 'MarkMailReadInput', { messageId: reader['Hồ sơ đính kèm'].id, read: true });
    expect((await app.gql(MAILBOX, { id: mailboxId }, tokens.mailboxReader)).data!.mailbox.unreadCount).toBe(unread - 1);
  });

  it('search is accent-free over subject, sender and text; folders move', async () => {
    const search = (text: string, token = tokens.mailboxReader) =>
      app.gql(`query ($id: ID!, $text: String!) { mailbox(id: $id) { search(text: $text) { totalCount nodes { subject } } } }`, { id: mailboxId, text }, token).then((response) => response.data!.mailbox.search);
    expect((await search('bao cao quy')).nodes.map((node: { subject: string }) => node.subject)).toContain(SUBJECT);
    expect((await search('nguyen van')).totalCount).toBeGreaterThanOrEqual(4);
    expect((await search('giao ban')).nodes).toEqual([{ subject: 'Thư mời họp giao ban' }]);
    expect((await search('dong chi')).totalCount).toBe(1);
    const byReader = await messagesBySubject(tokens.mailboxReader!);
    const moved = await ok(app, tokens.mailboxReader!, 'moveMail', 'MoveMailInput', { messageId: byReader['Thư mời họp giao ban'].id, folder: 'UNRELATED' }, 'message { folder }');
    expect(moved.message.folder).toBe('UNRELATED');
    const inbox = await app.gql(`query ($id: ID!) { mailbox(id: $id) { messages(folder: UNRELATED) { nodes { subject } } } }`, { id: mailboxId }, tokens.mailboxReader);
    expect(inbox.data!.mailbox.messages.nodes).toEqual([{ subject: 'Thư mời họp giao ban' }]);
  });

  it('refuses at RCPT a recipient outside the mailboxes, over the size limit with 552, and a client not on the allow-list', async () => {
    await expect(smtpClient(smtpPort).sendMail({ from: SENDER, to: 'nobody@mot.gov.vn', subject: 'x', text: 'x' })).rejects.toMatchObject({ rejected: ['nobody@mot.gov.vn'] });
    const unknown = await smtpClient(smtpPort).sendMail({ from: SENDER, to: [ADDRESS, 'nobody@mot.gov.vn'], subject: 'Một người nhận lạ', text: 'x', messageId: '<mixed@b.gov.vn>' });
    expect(unknown.rejected).toEqual(['nobody@mot.gov.vn']);
    expect(unknown.rejectedErrors?.[0]).toMatchObject({ responseCode: 550 });
    const before = (await sql(`select count(*)::int as n from mail_message`))[0]!.n;
    await expect(deliver({ subject: 'Quá lớn', text: 'x', attachments: [{ filename: 'lon.bin', content: Buffer.alloc(3 * 1024 * 1024, 1) }] })).rejects.toMatchObject({ responseCode: 552 });
    expect((await sql(`select count(*)::int as n from mail_message`))[0]!.n).toBe(before);

    const port = await freePort();
    const closed = await startReceiver(app.db.orm, { store: new LocalBlobStore(app.filesDir), log: (await import('pino')).default({ level: 'silent' }) }, { port, host: '127.0.0.1', allowedClients: ['10.1.*'], user: null, password: null, tls: null, maxBytes: 1024 * 1024 });
    try {
      await expect(smtpClient(port).sendMail({ from: SENDER, to: ADDRESS, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 554 });
    } finally {
      await closed.stop();
    }
    const authenticated = await freePort();
    const withAuth = await startReceiver(app.db.orm, { store: new LocalBlobStore(app.filesDir), log: (await import('pino')).default({ level: 'silent' }) }, { port: authenticated, host: '127.0.0.1', allowedClients: ['127.0.0.1', '::ffff:127.0.0.1'], user: 'relay', password: 'Bi-mat-2026', tls: null, maxBytes: 1024 * 1024 });
    try {
      await expect(smtpClient(authenticated).sendMail({ from: SENDER, to: ADDRESS, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 530 });
      const accepted = await (await import('nodemailer')).default.createTransport({ host: '127.0.0.1', port: authenticated, ignoreTLS: true, auth: { user: 'relay', pass: 'Bi-mat-2026' } }).sendMail({ from: SENDER, to: ADDRESS, subject: 'Qua xác thực', text: 'x', messageId: '<auth@b.gov.vn>' });
      expect(accepted.accepted).toEqual([ADDRESS]);
    } finally {
      await withAuth.stop();
    }
  });
});

describe('replies through the relay', () => {
  it('only the head replies; a relay that is down is retried by the job, and the reply is sent once with its threading headers', async () => {
    const byHead = await messagesBySubject(tokens.informationLead!);
    const original = byHead[SUBJECT].id;
    const REPLY = 'mutation ($input: ReplyToMailInput!) { replyToMail(input: $input) { message { id subject sendState to } userErrors { code } } }';
    const byReader = await app.gql(REPLY, { input: { messageId: original, text: 'Tôi trả lời' } }, tokens.mailboxReader);
    expect(byReader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bySpecialist = await app.gql(REPLY, { input: { messageId: original, text: 'Tôi trả lời' } }, tokens.specialist);
    expect(bySpecialist.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const relay = await startRelay();
    relay.down = true;
    process.env.SMTP_RELAY_URL = relay.url;
    try {
      const reply = await ok(app, tokens.informationLead!, 'replyToMail', 'ReplyToMailInput', { messageId: original, text: 'Nhóm Thông tin xin trả lời: sẽ gửi báo cáo trước ngày 15.' }, 'message { id subject sendState to }');
      expect(reply.message).toMatchObject({ subject: `Re: ${SUBJECT}`, sendState: 'QUEUED', to: [SENDER] });
      const STATE = `query ($id: ID!) { mailMessage(id: $id) { sendState sendAttempts lastSendError rawSha256 } }`;
      // The relay is down: the attempt is recorded, the message stays queued.
      await app.server.jobs!.runNow('mail-send');
      const failed = await eventually(async () => {
        const state = (await app.gql(STATE, { id: reply.message.id }, tokens.informationLead)).data!.mailMessage;
        expect(state.sendAttempts).toBeGreaterThanOrEqual(1);
        return state;
      }, { timeout: 15_000 });
      expect(failed.sendState).toBe('QUEUED');
      expect(failed.lastSendError).toContain('421');

      relay.down = false;
      await app.server.jobs!.runNow('mail-send');
      await eventually(() => expect(relay.received).toHaveLength(1), { timeout: 40_000, every: 100 });
      // Marked sent when the job's transaction commits, just after the relay answered.
      const sent = await eventually(async () => {
        const state = (await app.gql(STATE, { id: reply.message.id }, tokens.informationLead)).data!.mailMessage;
        expect(state.sendState).toBe('SENT');
        return state;
      }, { timeout: 10_000 });
      // Run again: nothing is sent twice.
      await app.server.jobs!.runNow('mail-send');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(relay.received).toHaveLength(1);

      const [{ raw, to }] = relay.received as [{ raw: Buffer; to: string[] }];
      expect(to).toEqual([SENDER]);
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe(`Re: ${SUBJECT}`);
      expect(parsed.from?.value[0]).toMatchObject({ address: ADDRESS, name: 'Nhóm Thông tin BITEC' });
      expect(parsed.inReplyTo).toBe('<cv12@bocongthuong.gov.vn>');
      expect([parsed.references].flat()).toEqual(['<cv12@bocongthuong.gov.vn>']);
      expect(parsed.text).toContain('sẽ gửi báo cáo trước ngày 15');
      expect(parsed.messageId).toMatch(/@mot\.gov\.vn>$/);
      // The sent copy is kept by SHA-256 and sits in the thread, in SENT.
      const { createHash } = await import('node:crypto');
      expect(sent.rawSha256).toBe(createHash('sha256').update(raw).digest('hex'));
      const thread = (await app.gql(MESSAGE, { id: reply.message.id }, tokens.informationLead)).data!.mailMessage.thread;
      expect(thread.map((message: { subject: string }) => message.subject)).toEqual([SUBJECT, `Re: ${SUBJECT}`, `Re: ${SUBJECT}`]);
    } finally {
      await relay.stop();
    }
  }, 90_000);

  it('the head forwards with the attachments; a quarantined one is left out', async () => {
    const relay = await startRelay();
    process.env.SMTP_RELAY_URL = relay.url;
    try {
      const byHead = await messagesBySubject(tokens.informationLead!);
      await ok(app, tokens.informationLead!, 'forwardMail', 'ForwardMailInput', { messageId: byHead['Hồ sơ đính kèm'].id, to: ['lanhdao@mot.gov.vn'], text: 'Kính chuyển lãnh đạo.' });
      await app.server.jobs!.runNow('mail-send');
      await eventually(() => expect(relay.received).toHaveLength(1), { timeout: 40_000, every: 100 });
      const parsed = await simpleParser(relay.received[0]!.raw);
      expect(parsed.subject).toBe('Fwd: Hồ sơ đính kèm');
      expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['Báo cáo quý.pdf']);
      expect(parsed.text).toContain('Kính chuyển lãnh đạo.');
    } finally {
      await relay.stop();
    }
  }, 60_000);
});

describe('to the leaders', () => {
  it('a new message is sent only after a leader approves it; the leader may return it with a comment', async () => {
    const relay = await startRelay();
    process.env.SMTP_RELAY_URL = relay.url;
    try {
      const DRAFT = 'mutation ($input: DraftMailInput!) { draftMail(input: $input) { message { id folder sendState } userErrors { code } } }';
      const input = { mailboxId, to: ['vanphong@mot.gov.vn'], subject: 'Đề nghị cung cấp số liệu', text: 'Kính đề nghị Văn phòng cung cấp số liệu.' };
      // Only the head drafts: a reader with INFORMATION_LEAD's role missing is refused by the gate.
      expect((await app.gql(DRAFT, { input }, tokens.mailboxReader)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const drafted = (await app.gql(DRAFT, { input }, tokens.informationLead)).data!.draftMail;
      expect(drafted).toMatchObject({ message: { folder: 'DRAFTS', sendState: 'AWAITING_APPROVAL' }, userErrors: [] });
      const draftId = drafted.message.id;
      const notices = await app.gql('{ myNotices(first: 5) { nodes { kind text } } }', {}, tokens.leader);
      expect(notices.data!.myNotices.nodes[0]).toMatchObject({ kind: 'MAIL_APPROVAL' });
      expect(JSON.stringify(notices.data)).not.toContain('Đề nghị cung cấp số liệu');
      // Not approved: the job sends nothing.
      await app.server.jobs!.runNow('mail-send');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(relay.received).toHaveLength(0);

      const forLeaders = await app.gql('{ mailForLeaders { nodes { id subject sendState } } }', {}, tokens.leader);
      expect(forLeaders.data!.mailForLeaders.nodes).toEqual([{ id: draftId, subject: 'Đề nghị cung cấp số liệu', sendState: 'AWAITING_APPROVAL' }]);
      const APPROVE = 'mutation ($input: ApproveMailDraftInput!) { approveMailDraft(input: $input) { message { sendState } userErrors { code } } }';
      expect((await app.gql(APPROVE, { input: { messageId: draftId } }, tokens.informationLead)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const returned = await ok(app, tokens.leader!, 'returnMailDraft', 'ReturnMailDraftInput', { messageId: draftId, comment: 'Ghi rõ thời hạn.' }, 'message { sendState returnComment }');
      expect(returned.message).toEqual({ sendState: 'RETURNED', returnComment: 'Ghi rõ thời hạn.' });
      expect((await app.gql(APPROVE, { input: { messageId: draftId } }, tokens.leader)).data!.approveMailDraft.userErrors[0].code).toBe('INVALID_STATE');
      await ok(app, tokens.informationLead!, 'reviseMailDraft', 'ReviseMailDraftInput', { messageId: draftId, to: input.to, subject: input.subject, text: `${input.text} Thời hạn: ngày 20/12.` });
      const approved = await ok(app, tokens.leader!, 'approveMailDraft', 'ApproveMailDraftInput', { messageId: draftId }, 'message { sendState folder approvedBy { id } }');
      expect(approved.message).toEqual({ sendState: 'QUEUED', folder: 'SENT', approvedBy: { id: ids.leader } });
      await app.server.jobs!.runNow('mail-send');
      await eventually(() => expect(relay.received).toHaveLength(1), { timeout: 40_000, every: 100 });
      const parsed = await simpleParser(relay.received[0]!.raw);
      expect(parsed.subject).toBe('Đề nghị cung cấp số liệu');
      expect(parsed.text).toContain('Thời hạn: ngày 20/12.');
      expect(relay.received[0]!.to).toEqual(['vanphong@mot.gov.vn']);
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('a reader reports a mail as needing direction; the leaders are told and one writes the direction', async () => {
    const byReader = await messagesBySubject(tokens.mailboxReader!);
    const mail = byReader['Hồ sơ đính kèm'].id;
    const reported = await ok(app, tokens.mailboxReader!, 'askMailDirection', 'AskMailDirectionInput', { messageId: mail, note: 'Xin ý kiến lãnh đạo về hồ sơ.' }, 'message { folder }');
    expect(reported.message.folder).toBe('NEEDS_DIRECTION');
    const notices = await app.gql('{ myNotices(first: 5) { nodes { kind } } }', {}, tokens.deputy);
    expect(notices.data!.myNotices.nodes[0].kind).toBe('MAIL_DIRECTION');
    // The leader now reads that mail (and only that one of the inbox).
    const leaderView = await app.gql(MESSAGE, { id: mail }, tokens.leader);
    expect(leaderView.data!.mailMessage.subject).toBe('Hồ sơ đính kèm');
    expect((await app.gql(MESSAGE, { id: byReader[SUBJECT].id }, tokens.leader)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql(MESSAGE, { id: mail }, tokens.specialist)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ok(app, tokens.leader!, 'giveMailDirection', 'GiveMailDirectionInput', { messageId: mail, direction: 'Giao phòng Kế hoạch xử lý.' });
    const directed = await app.gql(`query ($id: ID!) { mailMessage(id: $id) { leaderDirection directedBy { id } directionNote } }`, { id: mail }, tokens.mailboxReader);
    expect(directed.data!.mailMessage).toEqual({ leaderDirection: 'Giao phòng Kế hoạch xử lý.', directedBy: { id: ids.leader }, directionNote: 'Xin ý kiến lãnh đạo về hồ sơ.' });
  });
});

describe('a reader withdrawn loses everything at once, open subscriptions included', () => {
  it('the subscription stops carrying mail, and lists, node and search answer nothing', async () => {
    const CHANGED = 'subscription { mailMessageChanged { subject } }';
    const reader = subscribe(app.ws(tokens.mailboxReader!).client, CHANGED);
    const head = subscribe(app.ws(tokens.informationLead!).client, CHANGED);
    await app.listening(2);
    await deliver({ subject: 'Trước khi rút', text: 'x', messageId: '<before@b.gov.vn>' });
    expect((await reader.next(5000)).data.mailMessageChanged.subject).toBe('Trước khi rút');
    expect((await head.next(5000)).data.mailMessageChanged.subject).toBe('Trước khi rút');

    await ok(app, tokens.leader!, 'withdrawMailboxReader', 'WithdrawMailboxReaderInput', { mailboxId, accountId: ids.mailboxReader });
    await deliver({ subject: 'Sau khi rút', text: 'x', messageId: '<after@b.gov.vn>' });
    expect((await head.next(5000)).data.mailMessageChanged.subject).toBe('Sau khi rút');
    expect(await reader.quietFor(500)).toEqual([]);
    const mailbox = await app.gql(MAILBOX, { id: mailboxId }, tokens.mailboxReader);
    expect(mailbox.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql('{ mailboxes { id } }', {}, tokens.mailboxReader)).data!.mailboxes).toEqual([]);
    const id = (await sql<{ id: string }>(`select id from mail_message where message_id = 'before@b.gov.vn'`))[0]!.id;
    expect((await app.gql(MESSAGE, { id: toGlobalId('MailMessage', id) }, tokens.mailboxReader)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const history = (await sql(`select action, details from audit_entry where target_type = 'Mailbox' order by sequence desc limit 1`))[0]!;
    expect(history.action).toBe('mailbox.designation_withdrawn');
    await reader.stop();
    await head.stop();
  });
});
