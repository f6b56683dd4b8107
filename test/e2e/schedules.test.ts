import ical, { type VEvent } from 'node-ical';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../src/core/ids.ts';
import { nextIsoDate, vietnamDate } from '../../src/core/vietnam-time.ts';
import { DEMO, startSignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { assignTask, directDocument, registerIncoming } from '../support/operations.ts';
import { QUIET_WINDOW_MS, subscribe } from '../support/wait.ts';

/**
 * The weekly work schedule over HTTP and graphql-ws (issue 20): the office drafts next week's, a
 * leader publishes it, changes after publication are marked and reach each person concerned once,
 * rooms are not booked twice, a GM invitation makes its event, and the calendar feed and the
 * printed week hold what their reader may see — nothing of another unit's draft or another
 * organisation's week.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};

/** The Monday after this week's (Asia/Ho_Chi_Minh), and the one after that. */
function nextMonday(weeks = 1): string {
  const today = vietnamDate(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  return new Date(date.getTime() + (8 - weekday + 7 * (weeks - 1)) * 86_400_000).toISOString().slice(0, 10);
}
const WEEK = nextMonday();
const LATER = nextMonday(2);
/** An instant of the week: `day` 0 is Monday, `hour` in Vietnam's time. */
const at = (day: number, hour: number, week = WEEK) => new Date(Date.parse(`${week}T00:00:00Z`) + day * 86_400_000 + (hour - 7) * 3_600_000).toISOString();

const EVENT = `event { id title busyOnly startsAt endsAt place room { name } chair { username } private cancelledAt viewerResponse
  participants { account { username } unit { code } withSubUnits response substitute { username } }
  documents { id } invitation { id } changes { kind fields by { username } } }
  warnings { code message account { username } } userErrors { field code message }`;
const SCHEDULE = `schedule { id status weekStart unit { code } viewerCanEdit viewerCanPublish eventCount printPath
  events { id title busyOnly } changes { kind fields by { username } event { id } } deadlines { title deadline task { id } assignment { id role } } }
  userErrors { field code message }`;

async function mutation(name: string, type: string, input: Record<string, unknown>, role: string, selection: string) {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} } }`, { input }, tokens[role]!);
  expect(response.errors, name).toBeUndefined();
  return response.data![name];
}
const createSchedule = (input: Record<string, unknown>, role: string) => mutation('createSchedule', 'CreateScheduleInput', input, role, SCHEDULE);
const publish = (id: string, role: string) => mutation('publishSchedule', 'ScheduleIdInput', { id }, role, SCHEDULE);
const addEvent = (input: Record<string, unknown>, role: string) => mutation('addScheduleEvent', 'AddScheduleEventInput', input, role, EVENT);
const updateEvent = (input: Record<string, unknown>, role: string) => mutation('updateScheduleEvent', 'UpdateScheduleEventInput', input, role, EVENT);
const respond = (input: Record<string, unknown>, role: string) => mutation('respondToEvent', 'RespondToEventInput', input, role, EVENT);
const personal = (warnings: { code: string }[]) => warnings.filter((warning) => warning.code === 'PERSON_BUSY');
const codes = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((error) => error.code);

async function scheduleOf(role: string, unitId: string | null = null, weekStart = WEEK) {
  const response = await app.gql(`query ($unitId: ID, $weekStart: LocalDate!) { schedule(unitId: $unitId, weekStart: $weekStart) { id status eventCount events { id title busyOnly participants { account { username } } documents { id } } } }`, { unitId, weekStart }, tokens[role]!);
  expect(response.errors).toBeUndefined();
  return response.data!.schedule;
}
async function node(id: string, role: string) {
  return (await app.gql('query ($id: ID!) { node(id: $id) { id ... on ScheduleEvent { title } ... on Schedule { weekStart } } }', { id }, tokens[role]!)).data?.node ?? null;
}

let orgSchedule = '';
let roomA = '';
let roomB = '';
let briefing = '';

beforeAll(async () => {
  app = await startSignedIn({ tokens, ids, units }, { otherOrganisation: true });
  roomA = (await mutation('createMeetingRoom', 'CreateMeetingRoomInput', { name: 'Phòng họp tầng 2' }, 'clerk', 'room { id name } userErrors { code }')).room.id;
  roomB = (await mutation('createMeetingRoom', 'CreateMeetingRoomInput', { name: 'Hội trường' }, 'clerk', 'room { id name } userErrors { code }')).room.id;
});
afterAll(() => app?.close());

describe('the weekly schedule', () => {
  it('the office drafts next week, the draft is the drafters\' alone, a leader publishes it', async () => {
    const drafted = await createSchedule({ weekStart: WEEK }, 'clerk');
    expect(drafted.userErrors).toEqual([]);
    expect(drafted.schedule).toMatchObject({ status: 'DRAFT', weekStart: WEEK, unit: null, viewerCanEdit: true, viewerCanPublish: false });
    orgSchedule = drafted.schedule.id;

    const added = await addEvent(
      {
        scheduleId: orgSchedule,
        title: 'Giao ban lãnh đạo Sở',
        startsAt: at(0, 8),
        endsAt: at(0, 10),
        roomId: roomA,
        chairId: ids.leader,
        participantAccountIds: [ids.specialist, ids.deputy],
        participantUnits: [{ unitId: units.QLTM }],
        notes: 'Các phòng chuẩn bị báo cáo tuần.',
      },
      'clerk',
    );
    expect(added.userErrors).toEqual([]);
    // (A holiday next week would add a NON_WORKING_DAY warning: only people booked twice matter here.)
    expect(personal(added.warnings)).toEqual([]);
    expect(added.event).toMatchObject({ title: 'Giao ban lãnh đạo Sở', room: { name: 'Phòng họp tầng 2' }, chair: { username: DEMO.leader }, busyOnly: false, changes: [] });
    expect(added.event.participants).toHaveLength(3);
    expect(added.event.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: { username: DEMO.specialist }, response: 'PENDING' }),
        expect.objectContaining({ account: { username: DEMO.deputy }, response: 'PENDING' }),
        expect.objectContaining({ unit: { code: 'QLTM' }, account: null, withSubUnits: false }),
      ]),
    );
    briefing = added.event.id;

    // A draft is seen only by who may draft it: the specialist it invites finds nothing yet.
    expect(await scheduleOf('specialist')).toBeNull();
    expect(await node(briefing, 'specialist')).toBeNull();
    expect(await scheduleOf('leader')).toMatchObject({ status: 'DRAFT', eventCount: 1 });

    // The clerk drafts but does not publish.
    const refused = await publish(orgSchedule, 'clerk');
    expect(codes(refused)).toEqual(['NOT_ALLOWED']);
    expect(await scheduleOf('leader')).toMatchObject({ status: 'DRAFT' });

    const published = await publish(orgSchedule, 'leader');
    expect(published.userErrors).toEqual([]);
    expect(published.schedule).toMatchObject({ status: 'PUBLISHED', viewerCanPublish: true, eventCount: 1 });
    expect(codes(await publish(orgSchedule, 'leader'))).toEqual(['INVALID_STATE']);

    // Published: every member of the organisation reads the organisation's week.
    for (const role of ['specialist', 'itOfficer', 'oneStopDesk']) {
      expect(await scheduleOf(role), role).toMatchObject({ status: 'PUBLISHED', eventCount: 1, events: [{ id: briefing, title: 'Giao ban lãnh đạo Sở' }] });
    }
    expect(await node(briefing, 'specialist')).toMatchObject({ title: 'Giao ban lãnh đạo Sở' });
  });

  it('refuses a meeting room booked twice and writes nothing; warns of a person booked twice', async () => {
    const clash = await addEvent({ scheduleId: orgSchedule, title: 'Họp chồng giờ', startsAt: at(0, 9), endsAt: at(0, 11), roomId: roomA }, 'clerk');
    expect(clash.event).toBeNull();
    expect(clash.userErrors).toEqual([expect.objectContaining({ field: ['input', 'roomId'], code: 'ROOM_BOOKED' })]);
    expect(await scheduleOf('leader')).toMatchObject({ eventCount: 1 });

    // Right after, in the same room, is fine; the specialist booked at 9:00 in both is a warning.
    const after = await addEvent({ scheduleId: orgSchedule, title: 'Họp liền sau', startsAt: at(0, 10), endsAt: at(0, 11), roomId: roomA }, 'clerk');
    expect(after.userErrors).toEqual([]);
    const busy = await addEvent({ scheduleId: orgSchedule, title: 'Làm việc với đoàn kiểm tra', startsAt: at(0, 9), endsAt: at(0, 9.5), roomId: roomB, participantAccountIds: [ids.specialist] }, 'clerk');
    expect(busy.userErrors).toEqual([]);
    expect(personal(busy.warnings)).toEqual([{ code: 'PERSON_BUSY', message: expect.stringContaining('Nguyễn Thị Thu Hà'), account: { username: DEMO.specialist } }]);
    expect(await scheduleOf('leader')).toMatchObject({ eventCount: 3 });

    // Sunday is a day off of the working calendar: warned, saved all the same (then cancelled).
    const sunday = await addEvent({ scheduleId: orgSchedule, title: 'Trực chủ nhật', startsAt: at(6, 8), endsAt: at(6, 9) }, 'clerk');
    expect(sunday.userErrors).toEqual([]);
    expect(sunday.warnings).toEqual([{ code: 'NON_WORKING_DAY', message: expect.stringContaining('ngày nghỉ'), account: null }]);
    const cancelled = await mutation('cancelScheduleEvent', 'ScheduleEventIdInput', { id: sunday.event.id }, 'clerk', EVENT);
    expect(cancelled.event.cancelledAt).not.toBeNull();
    expect(codes(await updateEvent({ id: sunday.event.id, title: 'Đổi' }, 'clerk'))).toEqual(['INVALID_STATE']);
  });

  it('refuses bad input with userErrors and writes nothing', async () => {
    const otherRoom = (await mutation('createMeetingRoom', 'CreateMeetingRoomInput', { name: 'Phòng của Sở khác' }, 'otherLeader', 'room { id } userErrors { code }')).room.id;
    const otherUnit = (await app.gql('{ organisation { units { id } } }', {}, tokens.otherLeader)).data!.organisation.units[0].id;
    const disabled = (await app.gql(`mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } } }`, { input: { fullName: 'Tạ Văn Nghỉ', unitId: units.QLTM, title: 'SPECIALIST', roles: ['SPECIALIST'] } }, tokens.itOfficer)).data!.createAccount.account.id;
    await app.gql('mutation ($id: ID!) { disableAccount(input: { id: $id }) { userErrors { code } } }', { id: disabled }, tokens.itOfficer);
    // A document the clerk may not see: registered by the confidential clerk as classified.
    const sealed = await registerIncoming(app, tokens.confidentialClerk!, { confidentiality: 'MAT' });
    const seenBySealedOnly = (await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: sealed.id }, tokens.clerk)).data?.node;
    expect(seenBySealedOnly).toBeNull();

    const base = { scheduleId: orgSchedule, title: 'Họp thử', startsAt: at(2, 14), endsAt: at(2, 15) };
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ endsAt: at(2, 13) }, 'INVALID', ['input', 'endsAt']],
      [{ startsAt: at(9, 8), endsAt: at(9, 9) }, 'INVALID', ['input', 'startsAt']],
      [{ roomId: otherRoom }, 'NOT_FOUND', ['input', 'roomId']],
      [{ participantAccountIds: [ids.otherSpecialist] }, 'NOT_FOUND', ['input', 'participantAccountIds', '0']],
      [{ chairId: ids.otherLeader }, 'NOT_FOUND', ['input', 'chairId']],
      [{ participantAccountIds: [disabled] }, 'INVALID_STATE', ['input', 'participantAccountIds', '0']],
      [{ participantUnits: [{ unitId: otherUnit }] }, 'INVALID_UNIT', ['input', 'participantUnits', '0', 'unitId']],
      [{ documentIds: [sealed.id] }, 'NOT_FOUND', ['input', 'documentIds', '0']],
      [{ title: '  ' }, 'REQUIRED', ['input', 'title']],
      [{ roomId: 'not-an-id' }, 'NOT_FOUND', ['input', 'roomId']],
    ];
    for (const [input, code, field] of cases) {
      const result = await addEvent({ ...base, ...input }, 'clerk');
      expect(result.event, JSON.stringify(input)).toBeNull();
      expect(result.userErrors, JSON.stringify(input)).toContainEqual(expect.objectContaining({ code, field }));
    }
    // Drafting rights: a specialist drafts no schedule; a Monday is required; a week has one schedule.
    expect(codes(await addEvent(base, 'specialist'))).toEqual(['NOT_ALLOWED']);
    expect(codes(await createSchedule({ weekStart: LATER }, 'specialist'))).toEqual(['NOT_ALLOWED']);
    expect(codes(await createSchedule({ weekStart: nextIsoDate(WEEK) }, 'clerk'))).toEqual(['INVALID']);
    expect(codes(await createSchedule({ weekStart: WEEK }, 'clerk'))).toEqual(['DUPLICATE']);
    expect(codes(await createSchedule({ weekStart: WEEK, unitId: otherUnit }, 'leader'))).toEqual(['INVALID_UNIT']);
    expect(await scheduleOf('leader')).toMatchObject({ eventCount: 4 });
    const changes = (await app.gql('query ($w: LocalDate!) { schedule(weekStart: $w) { changes { kind } } }', { w: WEEK }, tokens.leader)).data!.schedule.changes;
    // The events added after publication and the cancellation are marked; nothing of the refused ones.
    expect(changes).toEqual([{ kind: 'ADDED' }, { kind: 'ADDED' }, { kind: 'ADDED' }, { kind: 'CANCELLED' }]);
  });

  it('a change after publication is marked and reaches each person concerned once, over graphql-ws and as a notice', async () => {
    const specialist = subscribe(app.ws(tokens.specialist!).client, 'subscription { scheduleChanged { id startsAt title } }');
    const unitHead = subscribe(app.ws(tokens.unitHead!).client, 'subscription { scheduleChanged { id startsAt } }');
    const itOfficer = subscribe(app.ws(tokens.itOfficer!).client, 'subscription { scheduleChanged { id } }');
    const watcher = subscribe(app.ws(tokens.itOfficer!).client, 'subscription ($id: ID) { scheduleChanged(scheduleId: $id) { id } }', { id: orgSchedule });
    const other = subscribe(app.ws(tokens.otherLeader!).client, 'subscription { scheduleChanged { id } }');
    await app.listening(5);
    const noticesBefore = (await app.gql('{ myNotices(first: 50) { totalCount } }', {}, tokens.specialist)).data!.myNotices.totalCount;

    const moved = await updateEvent({ id: briefing, startsAt: at(0, 14), endsAt: at(0, 16) }, 'clerk');
    expect(moved.userErrors).toEqual([]);
    expect(moved.event.changes).toEqual([{ kind: 'UPDATED', fields: ['startsAt', 'endsAt'], by: { username: DEMO.clerk } }]);

    // The specialist (invited), the unit head (by the unit QLTM) and whoever follows the schedule hear of it.
    expect((await specialist.next()).data.scheduleChanged).toMatchObject({ id: briefing, startsAt: at(0, 14) });
    expect((await unitHead.next()).data.scheduleChanged).toMatchObject({ id: briefing });
    expect((await watcher.next()).data.scheduleChanged).toMatchObject({ id: briefing });
    // Exactly once each; nothing to who it does not concern, nor to another organisation.
    expect(await specialist.quietFor(QUIET_WINDOW_MS)).toEqual([]);
    expect(specialist.received).toHaveLength(1);
    expect(unitHead.received).toHaveLength(1);
    expect(itOfficer.received).toEqual([]);
    expect(other.received).toEqual([]);

    const notices = (await app.gql('{ myNotices(first: 50) { totalCount nodes { kind text } } }', {}, tokens.specialist)).data!.myNotices;
    expect(notices.totalCount).toBe(noticesBefore + 1);
    expect(notices.nodes[0]).toMatchObject({ kind: 'SCHEDULE_CHANGED', text: expect.stringContaining('Giao ban lãnh đạo Sở') });
    // The one who made the change is not told of it.
    const clerkNotices = (await app.gql('{ myNotices(first: 50) { nodes { kind } } }', {}, tokens.clerk)).data!.myNotices.nodes;
    expect(clerkNotices.filter((notice: { kind: string }) => notice.kind === 'SCHEDULE_CHANGED')).toEqual([]);

    // An answer to the invitation is not a change of the schedule.
    const accepted = await respond({ id: briefing, response: 'ACCEPTED' }, 'specialist');
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.event.viewerResponse).toBe('ACCEPTED');
    expect(await specialist.quietFor(QUIET_WINDOW_MS)).toEqual([]);
    await Promise.all([specialist, unitHead, itOfficer, watcher, other].map((subscription) => subscription.stop()));
  });

  it('participants accept, decline or send someone in their place; the chair sees who comes', async () => {
    expect(codes(await respond({ id: briefing, response: 'DELEGATED' }, 'deputy'))).toEqual(['REQUIRED']);
    expect(codes(await respond({ id: briefing, response: 'DELEGATED', substituteId: ids.otherSpecialist }, 'deputy'))).toEqual(['NOT_FOUND']);
    expect(codes(await respond({ id: briefing, response: 'PENDING' }, 'deputy'))).toEqual(['INVALID']);
    // Invited only through the unit: no personal answer to give.
    expect(codes(await respond({ id: briefing, response: 'ACCEPTED' }, 'unitHead'))).toEqual(['NOT_ALLOWED']);
    const sent = await respond({ id: briefing, response: 'DELEGATED', substituteId: ids.informationLead }, 'deputy');
    expect(sent.userErrors).toEqual([]);
    const chair = (await app.gql('query ($id: ID!) { node(id: $id) { ... on ScheduleEvent { participants { account { username } response substitute { username } } } } }', { id: briefing }, tokens.leader)).data!.node;
    expect(chair.participants).toEqual(
      expect.arrayContaining([
        { account: { username: DEMO.specialist }, response: 'ACCEPTED', substitute: null },
        { account: { username: DEMO.deputy }, response: 'DELEGATED', substitute: { username: DEMO.informationLead } },
      ]),
    );
    // The substitute now sees the event in their week.
    const week = (await app.gql('query ($w: LocalDate!) { myWeek(weekStart: $w) { id } }', { w: WEEK }, tokens.informationLead)).data!.myWeek;
    expect(week.map((event: { id: string }) => event.id)).toContain(briefing);
  });

  it('a private event shows to others as busy only; a paper shows only to who may see it', async () => {
    const paper = await registerIncoming(app, tokens.clerk!);
    const privateEvent = await addEvent(
      { scheduleId: orgSchedule, title: 'Tiếp khách riêng', startsAt: at(1, 8), endsAt: at(1, 9), private: true, chairId: ids.leader, place: 'Phòng Giám đốc' },
      'leader',
    );
    expect(privateEvent.userErrors).toEqual([]);
    const withPaper = await addEvent({ scheduleId: orgSchedule, title: 'Họp về văn bản đến', startsAt: at(1, 14), endsAt: at(1, 15), participantAccountIds: [ids.specialist], documentIds: [paper.id] }, 'clerk');
    expect(withPaper.userErrors).toEqual([]);
    expect(withPaper.event.documents).toEqual([{ id: paper.id }]);

    const seen = await scheduleOf('specialist');
    const busy = seen.events.find((event: { id: string }) => event.id === privateEvent.event.id);
    expect(busy).toMatchObject({ title: 'Bận', busyOnly: true, participants: [], documents: [] });
    const asLeader = await scheduleOf('leader');
    expect(asLeader.events.find((event: { id: string }) => event.id === privateEvent.event.id)).toMatchObject({ title: 'Tiếp khách riêng', busyOnly: false });
    // The registered paper is the clerk's and the leader's to see, not yet the specialist's.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: paper.id }, tokens.specialist)).data?.node).toBeNull();
    expect(seen.events.find((event: { id: string }) => event.id === withPaper.event.id).documents).toEqual([]);
    expect(asLeader.events.find((event: { id: string }) => event.id === withPaper.event.id).documents).toEqual([{ id: paper.id }]);
  });

  it("a unit's schedule: drafted and published by its head, with its tasks' deadlines; other units see nothing of it", async () => {
    const drafted = await createSchedule({ weekStart: WEEK, unitId: units.QLTM }, 'unitHead');
    expect(drafted.userErrors).toEqual([]);
    expect(codes(await createSchedule({ weekStart: WEEK, unitId: units.PC }, 'unitHead'))).toEqual(['NOT_ALLOWED']);
    const unitSchedule = drafted.schedule.id;
    const task = await assignTask(app, tokens.leader!, { assigneeUnitId: units.QLTM, deadline: at(3, 16) });
    // A document the unit leads on, due earlier that week; the same unit only informed of another (no deadline to show).
    const letter = await registerIncoming(app, tokens.clerk!, { subject: 'Báo cáo tình hình thị trường' });
    const direction = await directDocument(app, tokens.leader!, { documentId: letter.id, assignees: [{ unitId: units.QLTM, role: 'LEAD', deadline: at(1, 10) }] });
    const informed = await registerIncoming(app, tokens.clerk!);
    await directDocument(app, tokens.leader!, { documentId: informed.id, assignees: [{ unitId: units.QLTM, role: 'INFORM' }] });
    const event = await addEvent({ scheduleId: unitSchedule, title: 'Họp phòng QLTM', startsAt: at(2, 8), endsAt: at(2, 9) }, 'unitHead');
    expect(event.userErrors).toEqual([]);
    expect(await scheduleOf('specialist', units.QLTM)).toBeNull();
    const published = (await publish(unitSchedule, 'unitHead')).schedule;
    expect(published).toMatchObject({ status: 'PUBLISHED', unit: { code: 'QLTM' } });
    // In deadline order: the document's assignment, then the task.
    expect(published.deadlines).toEqual([
      { title: expect.stringMatching(/^Hạn xử lý văn bản số .* về Báo cáo tình hình thị trường$/), deadline: at(1, 10), task: null, assignment: { id: direction.assignments[0]!.id, role: 'LEAD' } },
      { title: task.title, deadline: at(3, 16), task: { id: task.id }, assignment: null },
    ]);
    expect(await scheduleOf('specialist', units.QLTM)).toMatchObject({ eventCount: 1 });
    // Plain staff of other units: nothing by the week, by id, in lists or counts.
    for (const role of ['itOfficer', 'legalAppraiser']) {
      expect(await scheduleOf(role, units.QLTM), role).toBeNull();
      expect(await node(event.event.id, role), role).toBeNull();
      expect(await node(unitSchedule, role), role).toBeNull();
      const all = (await app.gql('query ($w: LocalDate!) { schedules(weekStart: $w) { id eventCount } }', { w: WEEK }, tokens[role]!)).data!.schedules;
      expect(all.map((schedule: { id: string }) => schedule.id), role).toEqual([orgSchedule]);
      const week = (await app.gql('query ($w: LocalDate!) { myWeek(weekStart: $w) { id } }', { w: WEEK }, tokens[role]!)).data!.myWeek;
      expect(week.map((one: { id: string }) => one.id), role).not.toContain(event.event.id);
    }
  });

  it('another organisation sees nothing: by week, by id, node(), lists, counts, rooms', async () => {
    expect(await scheduleOf('otherLeader')).toBeNull();
    expect(await scheduleOf('otherLeader', units.QLTM)).toBeNull();
    expect(await node(briefing, 'otherLeader')).toBeNull();
    expect(await node(orgSchedule, 'otherLeader')).toBeNull();
    const nodeAnswer = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: briefing }, tokens.otherLeader);
    expect(nodeAnswer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const lists = (await app.gql('query ($w: LocalDate!) { schedules(weekStart: $w) { id } myWeek(weekStart: $w) { id } meetingRooms { name } }', { w: WEEK }, tokens.otherLeader)).data!;
    expect(lists.schedules).toEqual([]);
    expect(lists.myWeek).toEqual([]);
    expect(lists.meetingRooms).toEqual([{ name: 'Phòng của Sở khác' }]);
    // Naming A's records in a mutation finds nothing, as a missing one.
    expect(codes(await updateEvent({ id: briefing, title: 'Đổi' }, 'otherLeader'))).toEqual(['NOT_FOUND']);
    expect(codes(await publish(orgSchedule, 'otherLeader'))).toEqual(['NOT_FOUND']);
    expect(codes(await addEvent({ scheduleId: orgSchedule, title: 'X', startsAt: at(0, 8), endsAt: at(0, 9) }, 'otherLeader'))).toEqual(['NOT_FOUND']);
    const subscription = await app.ws(tokens.otherLeader!).client.iterate({ query: 'subscription ($id: ID) { scheduleChanged(scheduleId: $id) { id } }', variables: { id: orgSchedule } }).next();
    expect(JSON.stringify(subscription)).toContain('NOT_FOUND');
  });

  it('an invitation issued as a GM document creates its event', async () => {
    const step = (name: string, role: string, input: Record<string, unknown>) => ok(app, tokens[role]!, name, name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput', input, 'document { id }');
    const draft = (await step('createOutgoingDraft', 'specialist', { kind: 'GIAY_MOI', subject: 'Giấy mời họp sơ kết quý IV' })).document;
    await step('submitOutgoingDocument', 'specialist', { id: draft.id });
    await step('forwardOutgoingDocument', 'unitHead', { id: draft.id });
    const plan = (input: Record<string, unknown>, role = 'leader') =>
      mutation('planMeetingInvitation', 'PlanMeetingInvitationInput', { documentId: draft.id, ...input }, role, 'document { id } schedule { id } userErrors { field code }');
    // The room is booked then: refused at planning.
    expect(codes(await plan({ scheduleId: orgSchedule, title: 'Họp sơ kết quý IV', startsAt: at(0, 10), endsAt: at(0, 11), roomId: roomA }))).toEqual(['ROOM_BOOKED']);
    const notGm = (await step('createOutgoingDraft', 'specialist', { kind: 'CONG_VAN', subject: 'Công văn' })).document;
    expect(codes(await mutation('planMeetingInvitation', 'PlanMeetingInvitationInput', { documentId: notGm.id, scheduleId: orgSchedule, title: 'X', startsAt: at(4, 8), endsAt: at(4, 9) }, 'specialist', 'userErrors { code }'))).toEqual(['INVALID_KIND']);
    const planned = await plan({ scheduleId: orgSchedule, title: 'Họp sơ kết quý IV', startsAt: at(4, 8), endsAt: at(4, 11), roomId: roomB, chairId: ids.leader, participantUnits: [{ unitId: units.VP, withSubUnits: true }] });
    expect(planned.userErrors).toEqual([]);
    expect((await scheduleOf('leader')).events.map((event: { title: string }) => event.title)).not.toContain('Họp sơ kết quý IV');

    await step('approveOutgoingDocument', 'leader', { id: draft.id });
    await step('issueOutgoingDocument', 'clerk', { id: draft.id });
    const events = (await app.gql('query ($w: LocalDate!) { schedule(weekStart: $w) { events { title invitation { id } room { name } participants { unit { code } withSubUnits } } } }', { w: WEEK }, tokens.leader)).data!.schedule.events;
    expect(events.find((event: { title: string }) => event.title === 'Họp sơ kết quý IV')).toEqual({
      title: 'Họp sơ kết quý IV',
      invitation: { id: draft.id },
      room: { name: 'Hội trường' },
      participants: [{ unit: { code: 'VP' }, withSubUnits: true }],
    });
    // Invited with its sub-units: the IT officer of CNTT (under VP) has it in their week.
    const week = (await app.gql('query ($w: LocalDate!) { myWeek(weekStart: $w) { title } }', { w: WEEK }, tokens.itOfficer)).data!.myWeek;
    expect(week.map((event: { title: string }) => event.title)).toContain('Họp sơ kết quý IV');
    // Issued: planning it again is refused.
    expect(codes(await plan({ scheduleId: orgSchedule, title: 'Lại', startsAt: at(4, 13), endsAt: at(4, 14) }))).toEqual(['INVALID_STATE']);
  });
});

describe('calendar feeds', () => {
  const base = () => app.url.replace(/\/graphql$/, '');
  const rotate = (role: string, unitId?: string) => mutation('rotateCalendarFeed', 'RotateCalendarFeedInput', unitId ? { unitId } : {}, role, 'path userErrors { code }');

  it("a person's feed parses with an independent parser and holds exactly the events that concern them, as they may see them", async () => {
    // An event in a draft (next-but-one week) inviting the specialist: not theirs to see yet.
    const later = await createSchedule({ weekStart: LATER }, 'clerk');
    await addEvent({ scheduleId: later.schedule.id, title: 'Dự thảo tuần sau nữa', startsAt: at(0, 8, LATER), endsAt: at(0, 9, LATER), participantAccountIds: [ids.specialist] }, 'clerk');

    const { path } = await rotate('specialist');
    expect(path).toMatch(/^\/calendar\/feeds\/[\w-]{43}\.ics$/);
    const response = await fetch(`${base()}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const parsed = ical.sync.parseICS(await response.text());
    const events = Object.values(parsed).filter((entry) => entry?.type === 'VEVENT') as VEvent[];

    const mine = (await app.gql('query ($w: LocalDate!) { myWeek(weekStart: $w) { id title startsAt endsAt } }', { w: WEEK }, tokens.specialist)).data!.myWeek;
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(events.map((event) => event.uid).sort()).toEqual(mine.map((event: { id: string }) => `${fromGlobalId(event.id)!.id}@vanthu`).sort());
    for (const event of mine) {
      const entry = events.find((one) => one.uid === `${fromGlobalId(event.id)!.id}@vanthu`)!;
      expect(entry.summary).toBe(event.title);
      expect(new Date(entry.start as unknown as Date).toISOString()).toBe(event.startsAt);
      expect(new Date(entry.end as unknown as Date).toISOString()).toBe(event.endsAt);
    }
    const summaries = events.map((event) => event.summary);
    expect(summaries).toContain('Giao ban lãnh đạo Sở');
    expect(summaries).not.toContain('Dự thảo tuần sau nữa');
    expect(summaries).not.toContain('Tiếp khách riêng');
    const briefingEntry = events.find((event) => event.summary === 'Giao ban lãnh đạo Sở')!;
    expect(briefingEntry.location).toBe('Phòng họp tầng 2');
    expect(briefingEntry.description).toContain('Chủ trì: Nguyễn Văn Minh');

    // Rotated: the old address is gone (404 like any unknown one), the new one works.
    const { path: rotated } = await rotate('specialist');
    expect(rotated).not.toBe(path);
    expect((await fetch(`${base()}${path}`)).status).toBe(404);
    expect((await fetch(`${base()}${rotated}`)).status).toBe(200);
    expect((await fetch(`${base()}/calendar/feeds/${'x'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${base()}/calendar/feeds/short.ics`)).status).toBe(404);
  });

  it("a unit's feed is rotated by its head, read as a plain member would, and refused to others", async () => {
    expect(codes(await rotate('specialist', units.QLTM))).toEqual(['NOT_ALLOWED']);
    expect(codes(await rotate('otherLeader', units.QLTM))).toEqual(['INVALID_UNIT']);
    const { path } = await rotate('unitHead', units.QLTM);
    const parsed = ical.sync.parseICS(await (await fetch(`${base()}${path}`)).text());
    const summaries = Object.values(parsed).filter((entry) => entry?.type === 'VEVENT').map((entry) => (entry as VEvent).summary);
    expect(summaries).toEqual(expect.arrayContaining(['Giao ban lãnh đạo Sở', 'Họp phòng QLTM']));
    expect(summaries).not.toContain('Làm việc với đoàn kiểm tra');
  });
});

describe('the printed week', () => {
  it('prints every event of the week in order with Vietnamese weekday names, for who may see the schedule', async () => {
    const response = await fetch(`${app.url.replace(/\/graphql$/, '')}/schedules/${fromGlobalId(orgSchedule)!.id}.pdf`, { headers: { authorization: `Bearer ${tokens.leader}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
    const page = await pdf.getPage(1);
    const [width, height] = [page.view[2]!, page.view[3]!];
    expect(width).toBeGreaterThan(height);
    const text = ((await extractText(pdf, { mergePages: true })).text as string).replace(/\s+/g, ' ');
    expect(text).toContain('LỊCH CÔNG TÁC TUẦN');
    const events = (await app.gql('query ($w: LocalDate!) { schedule(weekStart: $w) { events { title } } }', { w: WEEK }, tokens.leader)).data!.schedule.events;
    let from = 0;
    for (const { title } of events) {
      const found = text.indexOf(title, from);
      expect(found, title).toBeGreaterThanOrEqual(from);
      from = found + title.length;
    }
    for (const weekday of ['Thứ Hai', 'Thứ Ba', 'Thứ Sáu']) expect(text).toContain(weekday);

    const other = await fetch(`${app.url.replace(/\/graphql$/, '')}/schedules/${fromGlobalId(orgSchedule)!.id}.pdf`, { headers: { authorization: `Bearer ${tokens.otherLeader}` } });
    expect(other.status).toBe(404);
    expect((await fetch(`${app.url.replace(/\/graphql$/, '')}/schedules/${fromGlobalId(orgSchedule)!.id}.pdf`)).status).toBe(401);
  });

});
