import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '../../src/areas/routing/deadline-sweep.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { startSignedIn, type TestApp } from '../support/app.ts';

/**
 * The deadline sweep with many items due (issue 22, point 6): it claims and tells them in bounded
 * batches, each committed on its own (what a batch told is visible to others before the sweep
 * ends), instead of one transaction per organisation holding every row lock until the end; two
 * sweeps at once still tell each item once.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let observer: pg.Client;

const sql = async <T = any>(query: string, params: unknown[] = []) => (await app.db.orm.em.fork().getConnection().execute(query, params)) as T[];

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units: {} });
  observer = new pg.Client({ connectionString: app.db.url });
  await observer.connect();
});
afterAll(async () => {
  await observer?.end();
  await app?.close();
});

/** `count` copies of a task assigned through the API, all overdue, titled `<prefix> n`. */
async function overdueTasks(prefix: string, count: number): Promise<void> {
  const assigned = await app.gql(
    'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
    { input: { title: `${prefix} mẫu`, assigneeAccountId: ids.specialist, deadline: new Date(Date.now() + 86_400_000).toISOString() } },
    tokens.leader,
  );
  const template = fromGlobalId(assigned.data!.assignTask.task.id)!.id;
  const columns = (await sql<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'task' and table_schema = current_schema()`)).map(
    (row) => row.column_name,
  );
  const values = columns.map((column) =>
    column === 'id' ? 'gen_random_uuid()' : column === 'title' ? `'${prefix} ' || n` : column === 'deadline' ? `now() - interval '1 hour'` : column === 'remind_at' ? 'null' : `"${column}"`,
  );
  await sql(`insert into task (${columns.map((column) => `"${column}"`).join(', ')}) select ${values.join(', ')} from task, generate_series(1, ${count}) n where id = ?`, [template]);
  await sql(`delete from task where id = ?`, [template]);
}

const overdueNotices = async (client: { query: (text: string, values: unknown[]) => Promise<{ rows: { n: number }[] }> }, prefix: string) =>
  (await client.query(`select count(*)::int as n from notice n join task t on t.id = n.task_id where n.kind = 'OVERDUE' and t.title like $1`, [`${prefix} %`])).rows[0]!.n;

describe('the deadline sweep with many items due', () => {
  it('claims and tells them in batches of at most batchSize, each committed before the next', async () => {
    await overdueTasks('Nhiệm vụ lô', 450);
    const batches: number[] = [];
    const seenByOthers: number[] = [];
    let told = 0;
    const result = await sweepDeadlines(app.db.orm, new Date(), {
      batchSize: 50,
      onBatch: async (step, claimed) => {
        if (step !== 'tasksOverdue') return;
        batches.push(claimed);
        told += claimed;
        seenByOthers.push(await overdueNotices(observer, 'Nhiệm vụ lô'));
        expect(seenByOthers.at(-1)).toBe(told);
      },
    });
    expect(result.overdue).toBe(450);
    expect(Math.max(...batches)).toBe(50);
    expect(batches.filter((claimed) => claimed > 0)).toHaveLength(9);
    // Everyone's notice went out once: one OVERDUE per task, to the specialist and the leader.
    const perTask = await sql<{ n: number }>(
      `select count(*)::int as n from notice n join task t on t.id = n.task_id where n.kind = 'OVERDUE' and t.title like 'Nhiệm vụ lô %' group by t.id`,
    );
    expect(perTask).toHaveLength(450);
    expect(perTask.every((row) => row.n === 1)).toBe(true);
    expect((await sweepDeadlines(app.db.orm, new Date(), { batchSize: 50 })).overdue).toBe(0);
  }, 120_000);

  it('tells each item once when two sweeps share the batches', async () => {
    await overdueTasks('Nhiệm vụ song song', 300);
    const [a, b] = await Promise.all([sweepDeadlines(app.db.orm, new Date(), { batchSize: 40 }), sweepDeadlines(app.db.orm, new Date(), { batchSize: 40 })]);
    expect(a.overdue + b.overdue).toBe(300);
    const perTask = await sql<{ n: number }>(
      `select count(*)::int as n from notice n join task t on t.id = n.task_id where n.kind = 'OVERDUE' and t.title like 'Nhiệm vụ song song %' group by t.id`,
    );
    expect(perTask).toHaveLength(300);
    expect(perTask.every((row) => row.n === 1)).toBe(true);
  }, 120_000);
});
