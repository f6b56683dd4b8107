/**
 * The one-stop public look-up under load (issue 17): `npm run bench:onestop -- --cases N` builds a
 * fresh database `vanthu_bench_onestop` on DATABASE_URL's server (required) with N cases (500,000
 * by default) of the demo agency and a second one, each with its steps, starts the server, and
 * reports the public look-up by receipt code at 200 concurrent clients (requests a second, p50,
 * p99; target p99 under 20 ms) and the month's figures statement for the largest organisation.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../src/db/database.ts';
import { seedOrganisation } from '../src/provisioning/demo.ts';
import { oneStopFigures } from '../src/areas/onestop/figures.ts';
import { startServer } from '../src/server/app.ts';
import { vietnamDate } from '../src/core/vietnam-time.ts';
import { percentile, sortNumbers } from './measure.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '500000' }, clients: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' } } });
const CASES = Number(values.cases);
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const admin = process.env.DATABASE_URL;
if (!admin) throw new Error('bench:onestop needs DATABASE_URL (a PostgreSQL server it may create a database on)');
const url = new URL(admin);
url.pathname = '/vanthu_bench_onestop';
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query('drop database if exists vanthu_bench_onestop');
await client.query('create database vanthu_bench_onestop');
await client.end();

const database = await openDatabase({ url: url.toString() });
const orm = database.orm;
const started = Date.now();
const organisations: string[] = [];
for (const suffix of ['sct', 'khac']) {
  const seeded = await orm.em.fork().transactional((em) => seedOrganisation(em, { name: `Sở (${suffix})`, abbreviation: suffix.toUpperCase(), usernameSuffix: suffix }, 'Bench#Pass2026'));
  organisations.push(seeded.organisationId);
}
const em = orm.em.fork();
for (const organisation of organisations) {
  await em.execute(
    `insert into one_stop_procedure (id, organisation_id, code, name, field, handling_unit_id, total_days, intake_days, unit_days, unit_head_days, leader_days, return_days, papers, fee, result_is_document, active, created_at)
     select gen_random_uuid(), ?, '1.' || g, 'Thủ tục ' || g, 'Thương mại', (select id from unit where organisation_id = ? and code = 'QLTM'), 10, 0, 5, 2, 2, 1, '[{"name":"Đơn","required":true,"copies":1}]', 0, false, true, now()
     from generate_series(1, 20) g`,
    [organisation, organisation],
  );
}
// Cases spread over a year, 80 % in the first organisation; about a third still open.
await em.execute(
  `insert into one_stop_case (id, organisation_id, procedure_id, handling_unit_id, receipt_code, day, sequence, channel, applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_address, papers, stage, status, received_at, appointment_at, first_appointment_at, supplement_count, finished_at)
   select gen_random_uuid(), o.id, p.id, p.handling_unit_id, 'B' || o.n || '-' || to_char(t, 'YYMMDD') || '-' || lpad(g::text, 7, '0') || '-ABCD', to_char(t, 'YYYY-MM-DD'), g, 'DESK', 'PERSON', 'Nguyễn Văn ' || g, '001090000123', '0912345678', 'Hà Nội', '[]',
          case when g % 3 = 0 then 'UNIT' else 'RETURN' end, case when g % 3 = 0 then 'IN_PROGRESS' when g % 17 = 0 then 'REFUSED' else 'DONE' end, t, t + interval '14 days', t + interval '14 days', (g % 11 = 0)::int,
          case when g % 3 = 0 then null else t + (g % 20) * interval '1 day' end
   from generate_series(1, ?) g
   cross join lateral (select now() - (g % 365) * interval '1 day' as t) times
   cross join lateral (select case when g % 5 = 0 then 2 else 1 end as n) pick
   join lateral (select id, pick.n as n from organisation where id = (array[?, ?]::uuid[])[pick.n]) o on true
   join lateral (select id, handling_unit_id from one_stop_procedure where organisation_id = o.id and code = '1.' || (1 + g % 20)) p on true`,
  [CASES, organisations[0], organisations[1]],
);
await em.execute(
  `insert into one_stop_step (id, organisation_id, case_id, stage, started_at, deadline, done_at, action, ordinal)
   select gen_random_uuid(), organisation_id, id, 'INTAKE', received_at, received_at, received_at, 'RECEIVED', 1 from one_stop_case
   union all
   select gen_random_uuid(), organisation_id, id, 'UNIT', received_at, received_at + interval '7 days', finished_at, case when finished_at is null then null else 'PROPOSED' end, 2 from one_stop_case`,
);
await em.execute('analyze');
const codes = ((await em.execute('select receipt_code from one_stop_case order by random() limit 5000')) as { receipt_code: string }[]).map((row) => row.receipt_code);
console.log(`built ${CASES.toLocaleString('en')} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '0';
const server = await startServer({ orm, databaseUrl: url.toString(), port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }), production: true, rateLimitPerMinute: 0, jobs: false });
const endpoint = `http://127.0.0.1:${server.port}/graphql`;
const QUERY = 'query ($code: String!) { oneStopLookup(receiptCode: $code) { receiptCode status appointmentAt steps { stage deadline doneAt } } }';
const lookUp = async (code: string) => {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { code } }) });
  const body = (await response.json()) as { data?: { oneStopLookup: unknown } };
  if (!body.data?.oneStopLookup) throw new Error(`look-up failed: ${JSON.stringify(body)}`);
};
for (const code of codes.slice(0, 200)) await lookUp(code);
const latencies: number[] = [];
const until = Date.now() + SECONDS * 1000;
let next = 0;
await Promise.all(
  Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < until) {
      const begun = performance.now();
      await lookUp(codes[next++ % codes.length]!);
      latencies.push(performance.now() - begun);
    }
  }),
);
const sorted = sortNumbers(latencies);
console.log(`public look-up, ${CLIENTS} concurrent clients for ${SECONDS} s: ${(latencies.length / SECONDS).toFixed(0)} requests/s, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`);
const month = vietnamDate(new Date()).slice(0, 7);
const figures: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const begun = performance.now();
  await oneStopFigures(orm.em.fork(), organisations[0]!, month, month);
  figures.push(performance.now() - begun);
}
console.log(`month's figures of the largest organisation (one statement): median ${sortNumbers(figures)[2]!.toFixed(1)} ms of 5 runs`);
await server.stop();
await database.close();
