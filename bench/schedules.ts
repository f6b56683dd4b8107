/**
 * `npm run bench:schedules`: the weekly schedule of a busy leader (issue 20).
 *
 * A fresh database `vanthu_bench_schedules` (BENCH_SCHEDULES_DATABASE for another name) on
 * DATABASE_URL's server, or on an embedded PostgreSQL under the temp folder, with one organisation
 * seeded as the demo is. The real server runs in this process on 127.0.0.1. The organisation's
 * schedule of next week is drafted and published over GraphQL, then filled with set-based SQL:
 * BENCH_SCHEDULE_EVENTS events (200) that week, each chaired by the leader with two people, a unit
 * and a room, and as many again in each of the 25 weeks after it (published schedules too), all in
 * the leader's feed. Over real HTTP it measures median and p99 of the week view (every event with
 * its room, chair, participants and changes) and of the leader's iCalendar feed. Target: medians
 * under 20 ms.
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { mkdtemp, rm } from 'node:fs/promises';
import { LocalBlobStore } from '../src/areas/files/blob-store.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { startServer } from '../src/server/app.ts';
import { vietnamDate } from '../src/core/vietnam-time.ts';
import { freshBenchDatabase } from './fresh-database.ts';
import { percentile, sortNumbers } from './measure.ts';
import { AGENCIES } from './vocabulary.ts';

const DATABASE = process.env.BENCH_SCHEDULES_DATABASE ?? 'vanthu_bench_schedules';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(DATABASE)) throw new Error('BENCH_SCHEDULES_DATABASE must be a plain lower-case identifier');
const PASSWORD = 'Bench#Pass2026';
const EVENTS = Number(process.env.BENCH_SCHEDULE_EVENTS ?? 200);
const WEEKS_AHEAD = 25;
const SAMPLES = Number(process.env.BENCH_SCHEDULE_SAMPLES ?? 200);
const TARGET_MS = 20;
const log = (message: string) => console.log(message);

const { url, database, embedded } = await freshBenchDatabase(DATABASE);
const agency = AGENCIES[0]!;
const seeded = await database.orm.em.fork().transactional((em) => seedOrganisation(em, { name: agency.name, abbreviation: agency.abbreviation, usernameSuffix: agency.suffix }, PASSWORD));
const pool = new pg.Pool({ connectionString: url, max: 2 });
const filesDir = await mkdtemp(path.join(os.tmpdir(), 'vanthu-bench-schedules-files-'));
const server = await startServer({ orm: database.orm, databaseUrl: url, port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), jobs: false, listeners: false, blobStore: new LocalBlobStore(filesDir), rateLimitPerMinute: 0 });
const base = `http://127.0.0.1:${server.port}`;

// Answers are read as loosely typed JSON, as the other benchmarks do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Json; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
const login = async (username: string) => (await call(null, 'mutation ($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: `${username}.${agency.suffix}`, p: PASSWORD })).login.token as string;
const leader = await login('minhnv');
const clerk = await login('maipt');

const today = vietnamDate(new Date());
const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
const mondayAfter = (weeks: number) => new Date(Date.parse(`${today}T00:00:00Z`) + (8 - weekday + 7 * weeks) * 86_400_000).toISOString().slice(0, 10);
const WEEK = mondayAfter(0);

log(`drafting and publishing ${WEEKS_AHEAD + 1} weeks, ${EVENTS} events each`);
const person = async (username: string) => (await pool.query<{ id: string }>(`select id from account where username = $1`, [`${username}.${agency.suffix}`])).rows[0]!.id;
const [leaderId, specialistId, deputyId, clerkId] = await Promise.all(['minhnv', 'hantt', 'lantt', 'maipt'].map(person));
const unitId = (await pool.query<{ id: string }>(`select id from unit where organisation_id = $1 and code = 'QLTM'`, [seeded.organisationId])).rows[0]!.id;
const rooms = (
  await pool.query<{ id: string }>(`insert into meeting_room (id, organisation_id, name, created_at) select gen_random_uuid(), $1, 'Phòng ' || n, now() from generate_series(1, 10) as n returning id`, [seeded.organisationId])
).rows.map((row) => row.id);
for (let week = 0; week <= WEEKS_AHEAD; week += 1) {
  const schedule = (await call(clerk, 'mutation ($w: LocalDate!) { createSchedule(input: { weekStart: $w }) { schedule { id } } }', { w: mondayAfter(week) })).createSchedule.schedule.id;
  await call(leader, 'mutation ($id: ID!) { publishSchedule(input: { id: $id }) { schedule { id } } }', { id: schedule });
  const { fromGlobalId } = await import('../src/core/ids.ts');
  const raw = fromGlobalId(schedule)!.id;
  // Five days of office hours, events every (40 h / EVENTS) apart, each 30 minutes, rooms in turn.
  await pool.query(
    `with events as (
       insert into schedule_event (id, organisation_id, schedule_id, unit_id, published, title, starts_at, ends_at, place, room_id, chair_id, private, document_ids, attendee_ids, attendee_unit_ids, created_by_id, created_at, updated_at)
       select gen_random_uuid(), $1, $2, null, true, 'Họp chuyên đề số ' || n, s, s + interval '30 minutes', 'Tầng ' || (n % 5 + 1), ($3::uuid[])[n % 10 + 1], $4::text::uuid, n % 17 = 0, '{}', array[$4::text, $5::text, $6::text], array[$7::text], $8::text::uuid, now(), now()
         from (select n, ($9::date + ((n * 5 / $10) || ' days')::interval + interval '1 hour' + ((n * 5 % $10) * 480 / $10 || ' minutes')::interval) as s from generate_series(0, $10 - 1) as n) as times
       returning id, organisation_id
     )
     insert into event_participant (id, organisation_id, event_id, account_id, unit_id, with_sub_units, response)
     select gen_random_uuid(), organisation_id, id, p.account, p.unit, false, 'PENDING' from events, (values ($5::text::uuid, null::uuid), ($6::text::uuid, null::uuid), (null::uuid, $7::text::uuid)) as p(account, unit)`,
    [seeded.organisationId, raw, rooms, leaderId, specialistId, deputyId, unitId, clerkId, mondayAfter(week), EVENTS],
  );
}
await pool.query(`vacuum (analyze) schedule_event`);
await pool.query(`vacuum (analyze) event_participant`);
const feed = (await call(leader, 'mutation { rotateCalendarFeed(input: {}) { path } }')).rotateCalendarFeed.path as string;

async function measure(label: string, read: () => Promise<number>) {
  for (let index = 0; index < 5; index += 1) await read();
  const times: number[] = [];
  let seen = 0;
  for (let index = 0; index < SAMPLES; index += 1) {
    const began = performance.now();
    seen = await read();
    times.push(performance.now() - began);
  }
  const ordered = sortNumbers(times);
  const median = percentile(ordered, 50);
  log(`  ${label}: median ${median.toFixed(1)} ms, p99 ${percentile(ordered, 99).toFixed(1)} ms (${seen} events) ${median < TARGET_MS ? 'under' : 'OVER'} ${TARGET_MS} ms`);
}
const WEEK_VIEW = `query ($w: LocalDate!) { schedule(weekStart: $w) { eventCount events { id title busyOnly startsAt endsAt place room { name } chair { fullName } participants { account { fullName } unit { name } response } changes { kind } } } }`;
log(`reading as the leader, ${SAMPLES} samples each`);
await measure(`week view (${EVENTS} events with rooms, chair, participants)`, async () => (await call(leader, WEEK_VIEW, { w: WEEK })).schedule.eventCount);
await measure('leader\'s iCalendar feed (half a year)', async () => {
  const response = await fetch(`${base}${feed}`);
  return ((await response.text()).match(/BEGIN:VEVENT/g) ?? []).length;
});

await server.stop();
await pool.end();
await database.close();
await rm(filesDir, { recursive: true, force: true });
await embedded?.stop();
