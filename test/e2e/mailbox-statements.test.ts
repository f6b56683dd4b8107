import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { toGlobalId } from '../../src/core/ids.ts';
import { countStatements } from '../../src/db/query-counter.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/** No N+1 in the mailbox: a page of 50 messages with attachments, read state and threads costs the statements of a page of 5. */
let app: TestApp;
const signed: SignedIn = { tokens: {}, ids: {}, units: {} };
const schema = buildSchema();
let mailboxId: string;

beforeAll(async () => {
  app = await startSignedIn(signed);
  const em = app.db.orm.em.fork();
  const [mailbox] = await em.execute<{ id: string }[]>(
    `insert into mailbox (id, organisation_id, address, display_name, head_id, readers, created_by_id, created_at)
     select gen_random_uuid(), organisation_id, 'bitec@mot.gov.vn', 'BITEC', id, array[id::text], id, now() from account where username = 'hongvt.sct' returning id`,
  );
  mailboxId = mailbox!.id;
  await em.execute(
    `insert into mail_message (id, organisation_id, mailbox_id, message_id, thread_id, from_address, subject, text, sent_at, received_at, search_text)
     select rows.id, m.organisation_id, m.id, 'm' || n || '@b.gov.vn', rows.id, 'a@b.gov.vn', 'Thư số ' || n, 'Nội dung', now() - (n || ' minutes')::interval, now(), 'thu so ' || n
     from mailbox m, lateral (select gen_random_uuid() as id, n from generate_series(1, 60) as n) as rows where m.id = ?`,
    [mailboxId],
  );
  await em.execute(`insert into mail_attachment (id, organisation_id, message_id, file_name, content_type, size, sha256) select gen_random_uuid(), organisation_id, id, 'a.pdf', 'application/pdf', 1, repeat('0', 64) from mail_message`);
  await em.execute(`insert into mail_read (message_id, account_id, organisation_id, read_at) select m.id, b.head_id, m.organisation_id, now() from mail_message m join mailbox b on b.id = m.mailbox_id where m.subject like '%1'`);
});
afterAll(() => app?.close());

const PAGE = `query ($id: ID!, $first: Int!) { mailbox(id: $id) { address unreadCount messages(first: $first) { totalCount nodes { id subject read attachments { fileName downloadUrl } thread { id } } } } }`;

async function run(first: number) {
  const viewer = (await authenticate(app.db.orm.em.fork(), signed.tokens.informationLead!)).viewer!;
  const contextValue = createContext(app.db.orm, 'mail-statements', pino({ level: 'silent' }), viewer, null);
  const { result, statements } = await countStatements(() => Promise.resolve(execute({ schema, document: parse(PAGE), contextValue, variableValues: { id: toGlobalId('Mailbox', mailboxId), first } })));
  expect(result.errors).toBeUndefined();
  return { data: result.data as any, statements };
}

describe('statements of the mailbox', () => {
  it('reads a page of 50 messages in as many statements as one of 5', async () => {
    const small = await run(5);
    const large = await run(50);
    expect(small.data.mailbox.messages.nodes).toHaveLength(5);
    expect(large.data.mailbox.messages.nodes).toHaveLength(50);
    expect(large.data.mailbox.messages.totalCount).toBe(60);
    expect(large.statements.length).toBe(small.statements.length);
    // mailbox, unread count, page, count, attachments, read state, threads
    expect(large.statements.length, large.statements.join('\n')).toBeLessThanOrEqual(7);
  });
});
