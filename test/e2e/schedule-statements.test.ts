import { execute, parse } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { countStatements, tapStatements } from '../../src/db/query-counter.ts';
import { createContext } from '../../src/server/create-context.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { DEMO, signInAll, startTestApp, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * No N+1 in a week: the week view (events with their room, chair, participants, papers and
 * changes) and a busy leader's feed cost the same number of statements for 5 events as for 200.
 */
let app: TestApp;
const schema = buildSchema();
const silent = pino({ level: 'silent' });
let people: Awaited<ReturnType<typeof signInAll>>;
let scheduleId = '';

const today = vietnamDate(new Date());
const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
const WEEK = new Date(Date.parse(`${today}T00:00:00Z`) + (8 - weekday) * 86_400_000).toISOString().slice(0, 10);
const at = (minutes: number) => new Date(Date.parse(`${WEEK}T01:00:00Z`) + minutes * 60_000).toISOString();

const WEEK_VIEW = `query ($w: LocalDate!) { schedule(weekStart: $w) {
  status eventCount viewerCanEdit viewerCanPublish
  changes { kind by { fullName } }
  events { title busyOnly startsAt endsAt place room { name } chair { fullName } preparingUnit { name }
    participants { account { fullName unit { name } } unit { name } response substitute { fullName } }
    documents { subject } invitation { id } changes { kind fields by { fullName } } viewerResponse }
} }`;

async function run(token: string, query: string, variables: Record<string, unknown>) {
  const authentication = await authenticate(app.db.orm.em.fork(), token);
  const contextValue = createContext(app.db.orm, 'statements-test', silent, authentication.viewer, null);
  const { result, statements } = await countStatements(() => Promise.resolve(execute({ schema, document: parse(query), contextValue, variableValues: variables })));
  expect(result.errors).toBeUndefined();
  return { data: result.data as any, statements };
}

let serial = 0;
/** `count` published events, each with a room of its own, the leader in the chair, two people, a unit and a paper. */
async function addEvents(count: number, paper: string, rooms: string[]) {
  for (let i = 0; i < count; i += 1) {
    serial += 1;
    await ok(app, people.tokens.clerk!, 'addScheduleEvent', 'AddScheduleEventInput', {
      scheduleId,
      title: `Cuộc họp ${serial}`,
      startsAt: at(serial * 10),
      endsAt: at(serial * 10 + 30),
      roomId: rooms[serial % rooms.length],
      chairId: people.ids.leader,
      participantAccountIds: [people.ids.specialist, people.ids.deputy],
      participantUnits: [{ unitId: people.units.QLTM }],
      documentIds: [paper],
    }, 'event { id }');
  }
}

beforeAll(async () => {
  app = await startTestApp();
  people = await signInAll(app, DEMO);
});
afterAll(() => app?.close());

describe('statements for a week', () => {
  it('reads a week view and a busy leader\'s feed in the same number of statements for 200 events as for 5', async () => {
    const rooms: string[] = [];
    for (const name of ['Phòng 1', 'Phòng 2', 'Phòng 3']) rooms.push((await ok(app, people.tokens.clerk!, 'createMeetingRoom', 'CreateMeetingRoomInput', { name }, 'room { id }')).room.id);
    scheduleId = (await ok(app, people.tokens.clerk!, 'createSchedule', 'CreateScheduleInput', { weekStart: WEEK }, 'schedule { id }')).schedule.id;
    await ok(app, people.tokens.leader!, 'publishSchedule', 'ScheduleIdInput', { id: scheduleId }, 'schedule { id }');
    const paper = (await registerIncoming(app, people.tokens.clerk!)).id;
    const feed = (await ok(app, people.tokens.leader!, 'rotateCalendarFeed', 'RotateCalendarFeedInput', {}, 'path')).path;
    const feedUrl = `${app.url.replace(/\/graphql$/, '')}${feed}`;
    const readFeed = async () => {
      const tap = tapStatements();
      try {
        const response = await fetch(feedUrl);
        expect(response.status).toBe(200);
        return { text: await response.text(), statements: tap.statements.length };
      } finally {
        tap.close();
      }
    };

    await addEvents(5, paper, rooms);
    const few = await run(people.tokens.specialist!, WEEK_VIEW, { w: WEEK });
    const fewFeed = await readFeed();
    // 195 more like the fifth, ten minutes apart, written directly: 195 mutations would only test the mutation.
    const [template] = await app.db.orm.em.fork().execute<{ id: string }[]>(`select id from schedule_event where title = 'Cuộc họp 5'`);
    await app.db.orm.em.fork().execute(
      `with copies as (
         insert into schedule_event (id, organisation_id, schedule_id, unit_id, published, title, starts_at, ends_at, place, room_id, chair_id, preparing_unit_id, notes, private, document_ids, invitation_id, attendee_ids, attendee_unit_ids, created_by_id, created_at, updated_at)
         select gen_random_uuid(), organisation_id, schedule_id, unit_id, published, 'Cuộc họp ' || (5 + n), starts_at + n * interval '10 minutes', ends_at + n * interval '10 minutes', place, room_id, chair_id, preparing_unit_id, notes, private, document_ids, invitation_id, attendee_ids, attendee_unit_ids, created_by_id, created_at, updated_at
           from schedule_event, generate_series(1, 195) as n where id = ?
         returning id
       ), participants as (
         insert into event_participant (id, organisation_id, event_id, account_id, unit_id, with_sub_units, response)
         select gen_random_uuid(), p.organisation_id, copies.id, p.account_id, p.unit_id, p.with_sub_units, p.response from copies cross join event_participant p where p.event_id = ?
       )
       insert into schedule_change (id, organisation_id, schedule_id, event_id, kind, fields, by_id, at)
       select gen_random_uuid(), c.organisation_id, c.schedule_id, copies.id, c.kind, c.fields, c.by_id, c.at from copies cross join schedule_change c where c.event_id = ?`,
      [template!.id, template!.id, template!.id],
    );
    const many = await run(people.tokens.specialist!, WEEK_VIEW, { w: WEEK });
    const manyFeed = await readFeed();

    expect(few.data.schedule.eventCount).toBe(5);
    expect(many.data.schedule.eventCount).toBe(200);
    expect(many.data.schedule.events[199]).toMatchObject({ title: 'Cuộc họp 200', chair: { fullName: 'Nguyễn Văn Minh' }, documents: [] });
    expect(many.data.schedule.changes).toHaveLength(200);
    // Not one more per event: 200 events cost what 5 do. A loader's batch may split across two ticks
    // (one statement more or less either way), so both are held to the same bound rather than equal.
    // schedule, events, changes, participants, accounts, units, rooms, papers, chief-of-office (+ the viewer's unit)
    expect(few.statements.length).toBeLessThanOrEqual(12);
    expect(many.statements.length).toBeLessThanOrEqual(12);
    expect(Math.abs(many.statements.length - few.statements.length)).toBeLessThanOrEqual(1);
    expect(manyFeed.text.match(/BEGIN:VEVENT/g)).toHaveLength(200);
    expect(fewFeed.text.match(/BEGIN:VEVENT/g)).toHaveLength(5);
    expect(manyFeed.statements).toBe(fewFeed.statements);
    expect(fromGlobalId(scheduleId)?.type).toBe('Schedule');
  });
});
