import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { freePort, smtpClient } from '../support/mail.ts';
import { subscribe } from '../support/wait.ts';

/**
 * Issue 15 §7, the visibility matrix: who sees what of the shared mailbox, path by path. The head
 * and the designated reader see the mail; the leaders see the mailbox (address, designations: they
 * decide them) and none of its mail; the clerk, a specialist, the IT officer, another
 * organisation and a reader just withdrawn get nothing — no subject, sender or text in any answer,
 * and no sign the message exists (NOT_FOUND or FORBIDDEN, never a different answer for an existing
 * id than for a missing one).
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
let smtpPort: number;
let mailboxId: string;
let messageId: string;
let attachmentUrl: string;
const ADDRESS = 'bitec@mot.gov.vn';
const SECRETS = ['Mật: kế hoạch kiểm tra', 'thanhtra@bocongthuong.gov.vn', 'Nội dung kín của thư', 'ke hoach kiem tra'];

type Person = 'head' | 'reader' | 'leader' | 'clerk' | 'specialist' | 'itOfficer' | 'otherLeader' | 'withdrawn';
const PEOPLE: Record<Person, string> = {
  head: 'informationLead',
  reader: 'mailboxReader',
  leader: 'leader',
  clerk: 'clerk',
  specialist: 'specialist',
  itOfficer: 'itOfficer',
  otherLeader: 'otherLeader',
  withdrawn: 'unitHead',
};
const READERS: Person[] = ['head', 'reader'];
const OUTSIDERS: Person[] = ['leader', 'clerk', 'specialist', 'itOfficer', 'otherLeader', 'withdrawn'];
const token = (person: Person) => tokens[PEOPLE[person]]!;

function deliver(subject: string, text: string, id: string) {
  return smtpClient(smtpPort).sendMail({
    from: `"Thanh tra Bộ" <thanhtra@bocongthuong.gov.vn>`,
    to: ADDRESS,
    subject,
    text,
    messageId: `<${id}>`,
    attachments: [{ filename: 'ke-hoach.pdf', content: Buffer.from('%PDF-1.4 kín') }],
  });
}

function leaks(answer: unknown): string[] {
  const json = JSON.stringify(answer);
  return SECRETS.filter((secret) => json.includes(secret));
}

beforeAll(async () => {
  smtpPort = await freePort();
  process.env.SMTP_PORT = String(smtpPort);
  app = await startSignedIn(signedIn, { otherOrganisation: true });
  delete process.env.SMTP_PORT;
  // The unit head is given a mailbox role for the test (as the two-person grant would), designated, then withdrawn.
  await app.db.orm.em.fork().execute(`update account set roles = array_append(roles, 'MAILBOX_READER') where id = (select id from account where username = 'namlh.sct')`);
  const created = await ok(app, tokens.leader!, 'createMailbox', 'CreateMailboxInput', { address: ADDRESS, displayName: 'BITEC' }, 'mailbox { id }');
  mailboxId = created.mailbox.id;
  for (const [person, role] of [['head', 'HEAD'], ['reader', 'READER'], ['withdrawn', 'READER']] as const) {
    await ok(app, tokens.leader!, 'designateMailboxReader', 'DesignateMailboxReaderInput', { mailboxId, accountId: ids[PEOPLE[person]], role });
  }
  await ok(app, tokens.leader!, 'withdrawMailboxReader', 'WithdrawMailboxReaderInput', { mailboxId, accountId: ids[PEOPLE.withdrawn] });
  await deliver(SECRETS[0]!, SECRETS[2]!, 'kin-1@bocongthuong.gov.vn');
  const page = await app.gql(`query ($id: ID!) { mailbox(id: $id) { messages { nodes { id attachments { downloadUrl } } } } }`, { id: mailboxId }, token('head'));
  messageId = page.data!.mailbox.messages.nodes[0].id;
  attachmentUrl = app.url.replace(/\/graphql$/, '') + page.data!.mailbox.messages.nodes[0].attachments[0].downloadUrl;
});
afterAll(() => app?.close());

const PATHS = {
  node: (person: Person) => app.gql(`query ($id: ID!) { node(id: $id) { id ... on MailMessage { subject fromAddress text } } }`, { id: messageId }, token(person)),
  message: (person: Person) => app.gql(`query ($id: ID!) { mailMessage(id: $id) { subject fromAddress text } }`, { id: messageId }, token(person)),
  list: (person: Person) => app.gql(`{ mailboxes { address messages { totalCount nodes { subject fromAddress text } } } }`, {}, token(person)),
  mailbox: (person: Person) => app.gql(`query ($id: ID!) { mailbox(id: $id) { address messages { nodes { subject } } } }`, { id: mailboxId }, token(person)),
  search: (person: Person) => app.gql(`query ($id: ID!) { mailbox(id: $id) { search(text: "ke hoach kiem tra") { totalCount nodes { subject } } } }`, { id: mailboxId }, token(person)),
  count: (person: Person) => app.gql(`query ($id: ID!) { mailbox(id: $id) { unreadCount messages { totalCount } } }`, { id: mailboxId }, token(person)),
  notices: (person: Person) => app.gql(`{ myNotices(first: 50) { nodes { text } } }`, {}, token(person)),
};

describe('the visibility matrix over roles and paths', () => {
  it.each(READERS)('%s reads the mail on every path', async (person) => {
    expect((await PATHS.node(person)).data!.node.subject).toBe(SECRETS[0]);
    expect((await PATHS.message(person)).data!.mailMessage).toEqual({ subject: SECRETS[0], fromAddress: SECRETS[1], text: SECRETS[2] });
    expect((await PATHS.list(person)).data!.mailboxes[0].messages.totalCount).toBe(1);
    expect((await PATHS.search(person)).data!.mailbox.search.totalCount).toBe(1);
    expect((await PATHS.count(person)).data!.mailbox.messages.totalCount).toBe(1);
    const download = await fetch(attachmentUrl, { headers: { authorization: `Bearer ${token(person)}` } });
    expect(download.status).toBe(200);
  });

  it.each(OUTSIDERS)('%s gets nothing of the mail on any path', async (person) => {
    for (const [path, read] of Object.entries(PATHS)) {
      const answer = await read(person);
      expect(leaks(answer), `${person} via ${path}`).toEqual([]);
    }
    // By id: refused exactly as a missing message would be.
    const node = await PATHS.node(person);
    expect(node.data?.node ?? null).toBeNull();
    const message = await PATHS.message(person);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(message.errors?.[0]?.extensions?.code);
    const download = await fetch(attachmentUrl, { headers: { authorization: `Bearer ${token(person)}` } });
    expect(download.status).toBe(404);
    const mailbox = await PATHS.mailbox(person);
    if (person === 'leader') {
      // The leader sees the mailbox he manages, and is refused its mail.
      expect(mailbox.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const managed = await app.gql(`query ($id: ID!) { mailbox(id: $id) { address readers { id } } }`, { id: mailboxId }, token(person));
      expect(managed.data!.mailbox.address).toBe(ADDRESS);
    } else {
      expect(mailbox.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await PATHS.list(person)).data!.mailboxes).toEqual([]);
    }
  });

  it('subscriptions carry a new message to the head and the reader only', async () => {
    const everyone = Object.keys(PEOPLE) as Person[];
    const streams = Object.fromEntries(everyone.map((person) => [person, subscribe(app.ws(token(person)).client, 'subscription { mailMessageChanged { subject fromAddress text } }')]));
    // Those without a mailbox role are refused at once; the withdrawn reader listens and hears nothing.
    await app.listening(3);
    await deliver('Mật: kế hoạch kiểm tra lần 2', SECRETS[2]!, 'kin-2@bocongthuong.gov.vn');
    for (const person of READERS) expect((await streams[person]!.next(5000)).data.mailMessageChanged.subject).toBe('Mật: kế hoạch kiểm tra lần 2');
    for (const person of OUTSIDERS) {
      const heard = await streams[person]!.quietFor(person === OUTSIDERS[0] ? 400 : 0);
      expect(leaks(heard), person).toEqual([]);
      expect(heard.filter((result: any) => result.data), person).toEqual([]);
    }
    await Promise.all(Object.values(streams).map((stream) => stream.stop()));
  });

  it('nothing of the mail is in the audit trail (which IT officers read) or in any notice', async () => {
    const rows = await app.db.orm.em.fork().execute(`select details from audit_entry union all select text from notice`);
    expect(leaks(rows)).toEqual([]);
  });
});
