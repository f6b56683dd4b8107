import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/areas/routing/deadline-sweep.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { startSignedIn, type TestApp } from '../support/app.ts';
import { startInstance, type Instance } from '../support/instance.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * Reminders and overdue marks from the deadline sweep on pg-boss, with two server instances on one
 * database both running the job queue: every reminder reaches its people exactly once.
 */
/** Distinct numbers, so that no registration is held as a probable duplicate of another. */

let app: TestApp;
let second: Instance | undefined;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

const sql = async <T = any>(query: string, params: unknown[] = []) => (await app.db.orm.em.fork().getConnection().execute(query, params)) as T[];
const raw = (globalId: string | undefined) => fromGlobalId(globalId!)!.id;

/** Deliveries of system notices of a kind about a record, per recipient. */
async function deliveries(kind: string, link: { documentId?: string; taskId?: string }) {
  return sql<{ account_id: string; n: string }>(
    `select d.account_id, count(*) as n from notice n join notice_delivery d on d.notice_id = n.id
      where n.kind = ? and ${link.documentId ? 'n.document_id = ?' : 'n.task_id = ?'} group by d.account_id`,
    [kind, link.documentId ?? link.taskId],
  );
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function register(subject: string, extra: Record<string, unknown> = {}, clerk = 'clerk') {
  const issuedOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return (await registerIncoming(app, tokens[clerk]!, { issuedOn, subject, ...extra })).id;
}

async function directTo(documentId: string, deadline: string) {
  const response = await app.gql(
    'mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { direction { assignments { id } } userErrors { code message } } }',
    { input: { documentId, note: 'Hà xử lý gấp', assignees: [{ accountId: ids.specialist, role: 'LEAD', deadline }] } },
    tokens.leader,
  );
  expect(response.data?.directDocument.userErrors).toEqual([]);
  return response.data!.directDocument.direction.assignments[0].id as string;
}

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units: {} }, { jobs: { pollingIntervalSeconds: 0.5 } });
  second = await startInstance(app.db.url, { JOBS_POLL_SECONDS: '0.5' });
}, 90_000);

afterAll(async () => {
  await second?.stop();
  await app?.close();
});

describe('the deadline sweep', () => {
  it('reminds before each deadline and marks overdue after it, exactly once, with two instances sweeping', async () => {
    const client = createClient({ url: app.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${tokens.specialist}` } });
    const alerts: { kind: string; document: { id: string } | null }[] = [];
    const unsubscribe = client.subscribe<{ deadlineApproaching: { kind: string; document: { id: string } | null } }>(
      { query: 'subscription { deadlineApproaching { kind document { id } } }' },
      { next: (message) => alerts.push(message.data!.deadlineApproaching), error: () => undefined, complete: () => undefined },
    );
    await app.listening(1);

    const documents = await Promise.all(Array.from({ length: 8 }, (_, i) => register(`Văn bản khẩn số ${i}`, { urgency: 'KHAN' })));
    const deadline = inSeconds(15);
    const assignments = [];
    for (const documentId of documents) assignments.push(await directTo(documentId, deadline));
    const task = (
      await app.gql(
        'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
        { input: { title: 'Tổng hợp số liệu', assigneeAccountId: ids.specialist, deadline } },
        tokens.leader,
      )
    ).data!.assignTask.task.id;
    // Both instances are asked to sweep at once, again and again: they contend for the same rows.
    for (let i = 0; i < 4; i += 1) await app.server.jobs!.runNow("deadline-sweep");

    for (const documentId of documents) {
      await waitFor(async () => (await deliveries('REMINDER', { documentId: raw(documentId) })).length > 0, 'a reminder');
    }
    // Past the deadline, the next sweeps (asked of both instances again) mark everything overdue.
    await new Promise((resolve) => setTimeout(resolve, new Date(deadline).getTime() - Date.now() + 200));
    for (let i = 0; i < 4; i += 1) await app.server.jobs!.runNow("deadline-sweep");
    for (const documentId of documents) {
      await waitFor(async () => (await deliveries('OVERDUE', { documentId: raw(documentId) })).length > 0, 'an overdue notice');
    }
    await waitFor(async () => (await deliveries('OVERDUE', { taskId: raw(task) })).length > 0, 'the task overdue');
    for (let i = 0; i < 4; i += 1) await app.server.jobs!.runNow("deadline-sweep");
    await new Promise((resolve) => setTimeout(resolve, 2000));

    for (const documentId of documents) {
      expect(await deliveries('REMINDER', { documentId: raw(documentId) })).toEqual([{ account_id: raw(ids.specialist), n: '1' }]);
      const overdue = await deliveries('OVERDUE', { documentId: raw(documentId) });
      expect(overdue.sort((a, b) => a.account_id.localeCompare(b.account_id))).toEqual(
        [{ account_id: raw(ids.specialist), n: '1' }, { account_id: raw(ids.leader), n: '1' }].sort((a, b) => a.account_id.localeCompare(b.account_id)),
      );
    }
    expect(await deliveries('REMINDER', { taskId: raw(task) })).toEqual([{ account_id: raw(ids.specialist), n: '1' }]);
    expect((await deliveries('OVERDUE', { taskId: raw(task) })).length).toBe(2);
    const marked = await sql<{ n: string }>('select count(*) as n from assignment where id in (?) and overdue_at is not null', [assignments.map(raw)]);
    expect(marked[0]?.n).toBe(String(assignments.length));

    // The subscriber got each of its own reminders live, once.
    await waitFor(async () => alerts.length >= documents.length * 2 + 2, 'live alerts', 10_000);
    for (const documentId of documents) {
      expect(alerts.filter((a) => a.document?.id === documentId).map((a) => a.kind).sort()).toEqual(['OVERDUE', 'REMINDER']);
    }
    unsubscribe();
    await client.dispose();

    // Work done before its deadline is neither reminded nor marked.
    const early = await register('Đã xử lý sớm');
    const earlyAssignment = await directTo(early, inSeconds(3));
    await app.gql('mutation ($id: ID!) { completeAssignment(input: { id: $id, result: "Xong" }) { userErrors { code } } }', { id: earlyAssignment }, tokens.specialist);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await sweepDeadlines(app.db.orm);
    expect(await deliveries('OVERDUE', { documentId: raw(early) })).toEqual([]);
  }, 90_000);

  it('claims each item once even when two sweeps run at the same moment', async () => {
    const documents = await Promise.all(Array.from({ length: 5 }, (_, i) => register(`Văn bản song song ${i}`)));
    for (const documentId of documents) await directTo(documentId, inSeconds(2));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const [a, b, c] = await Promise.all([sweepDeadlines(app.db.orm), sweepDeadlines(app.db.orm), sweepDeadlines(app.db.orm)]);
    // The background workers may have taken some first; whatever the split, each is told once.
    expect(a.overdue + b.overdue + c.overdue).toBeLessThanOrEqual(documents.length);
    for (const documentId of documents) {
      await waitFor(async () => (await deliveries('OVERDUE', { documentId: raw(documentId) })).length > 0, 'overdue');
      expect((await deliveries('OVERDUE', { documentId: raw(documentId) })).every((row) => row.n === '1')).toBe(true);
    }
  }, 60_000);

  it('reminds of replies due, confidential recalls due, and asks long work for progress', async () => {
    const reply = await register('Đề nghị cung cấp số liệu', { replyRequired: true, replyBy: today() });
    await directTo(reply, inSeconds(3600));
    const secret = await register('Tài liệu mật có đóng dấu thu hồi', { confidentiality: 'MAT', recallBy: today() }, 'confidentialClerk');
    const long = (
      await app.gql(
        'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
        { input: { title: 'Xây dựng đề án', assigneeAccountId: ids.specialist, deadline: new Date(Date.now() + 30 * 86_400_000).toISOString() } },
        tokens.leader,
      )
    ).data!.assignTask.task.id;
    // Fifteen days into a thirty-day task (moved back directly: time cannot be moved over HTTP).
    await sql(`update task set created_at = now() - interval '15 days' where id = ?`, [raw(long)]);
    await Promise.all([sweepDeadlines(app.db.orm), sweepDeadlines(app.db.orm)]);
    await app.server.jobs!.runNow("deadline-sweep");
    await waitFor(async () => (await deliveries('PROGRESS_REQUEST', { taskId: raw(long) })).length > 0, 'progress request');

    const replyDue = await deliveries('REPLY_DUE', { documentId: raw(reply) });
    expect(replyDue.map((row) => row.account_id).sort()).toEqual([raw(ids.specialist), raw(ids.clerk)].sort());
    expect(replyDue.every((row) => row.n === '1')).toBe(true);
    expect(await deliveries('RECALL_DUE', { documentId: raw(secret) })).toEqual([{ account_id: raw(ids.confidentialClerk), n: '1' }]);
    expect(await deliveries('PROGRESS_REQUEST', { taskId: raw(long) })).toEqual([{ account_id: raw(ids.specialist), n: '1' }]);
    // The reminder of a classified document names it by its numbers, never its subject: named
    // when read, as its reader may read it then (issue 11), and never stored with the notice.
    const [stored] = await sql<{ text: string }>(`select text from notice where kind = 'RECALL_DUE' and document_id = ?`, [raw(secret)]);
    expect(stored!.text).not.toContain('văn bản số');
    const read = (await app.gql('{ myNotices(first: 50) { nodes { kind text document { id } } } }', {}, tokens.confidentialClerk)).data!.myNotices.nodes;
    const text = { text: read.find((notice: { kind: string; document: { id: string } | null }) => notice.kind === 'RECALL_DUE' && notice.document?.id === secret).text as string };
    expect(text.text).not.toContain('Tài liệu mật');
    // …written as everywhere else (the duplicate warning, deliveries): at least two digits, `01/2026`.
    const [numbered] = await sql<{ register_number: number; register_year: number }>('select register_number, register_year from document where id = ?', [raw(secret)]);
    expect(text.text).toContain(`số đến ${String(numbered!.register_number).padStart(2, '0')}/${numbered!.register_year}`);
    // A progress report restarts the two weeks: the next sweep asks nothing more.
    await app.gql('mutation ($id: ID!) { reportTaskProgress(input: { id: $id, percent: 50, note: "Đã xong dự thảo" }) { userErrors { code } } }', { id: long }, tokens.specialist);
    await sql(`update task set progress_requested_at = now() - interval '15 days' where id = ?`, [raw(long)]);
    await sweepDeadlines(app.db.orm);
    expect(await deliveries('PROGRESS_REQUEST', { taskId: raw(long) })).toEqual([{ account_id: raw(ids.specialist), n: '1' }]);
  }, 60_000);
});
