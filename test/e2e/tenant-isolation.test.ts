import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId, type NodeType } from '../../src/core/ids.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { directDocument, registerIncoming } from '../support/operations.ts';

/**
 * Tenant isolation (DESIGN: authorization, layer 1): an account of one organisation reads nothing
 * of another, by id, by list or by search, and cannot change its records by naming them.
 */

let app: TestApp;
let orgA: string;
/** A's information lead, designated head of A's mailbox: its mail's reader. */
let mailReaderOfA = '';
let orgB: string;
/** Tokens of organisation B: its IT officer, a specialist and its leader. */
const b = { itOfficer: '', specialist: '', leader: '' };
/** Tokens of organisation A. */
const a = { itOfficer: '', specialist: '', leader: '', clerk: '' };
/** Raw ids of organisation A's records. */
const recordsOfA = {account: '', deputy: '', unit: '', organisation: '', delegation: '', rightsGrant: '', auditEntry: '', register: '', document: '', storedFile: '', notice: '', task: '', assignment: '', workFile: '', folder: '', folderItem: '', folderGrant: '', folderChangeRequest: '', signingCertificate: '', mailbox: '', mailMessage: '', mailAttachment: '', externalOrgan: '', interconnectionMessage: '', schedule: '', scheduleEvent: '', meetingRoom: '', apiKey: '', oneStopProcedure: '', oneStopCase: '', oneStopSlip: '', webhookEndpoint: '', handOverList: '', archiveRecord: '', destructionList: '', documentCopy: '', consultation: '', draftReferral: ''};
/** Raw ids of organisation B's own records. */
const recordsOfB = { specialist: '', unit: '' };

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}

async function one<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T> {
  const [row] = await sql<T>(query, params);
  if (!row) throw new Error(`no row for ${query}`);
  return row;
}

const accountId = async (username: string) => (await one<{ id: string }>('select id from account where username = ?', [username])).id;

const globalIds = (): Record<NodeType, string> => ({
  Account: toGlobalId('Account', recordsOfA.account),
  Unit: toGlobalId('Unit', recordsOfA.unit),
  Organisation: toGlobalId('Organisation', recordsOfA.organisation),
  Delegation: toGlobalId('Delegation', recordsOfA.delegation),
  RightsGrant: toGlobalId('RightsGrant', recordsOfA.rightsGrant),
  AuditEntry: toGlobalId('AuditEntry', recordsOfA.auditEntry),
  Register: toGlobalId('Register', recordsOfA.register),
  Document: toGlobalId('Document', recordsOfA.document),
  StoredFile: toGlobalId('StoredFile', recordsOfA.storedFile),
  Notice: toGlobalId('Notice', recordsOfA.notice),
  Task: toGlobalId('Task', recordsOfA.task),
  Assignment: toGlobalId('Assignment', recordsOfA.assignment),
  WorkFile: toGlobalId('WorkFile', recordsOfA.workFile),
  Folder: toGlobalId('Folder', recordsOfA.folder),
  FolderItem: toGlobalId('FolderItem', recordsOfA.folderItem),
  FolderGrant: toGlobalId('FolderGrant', recordsOfA.folderGrant),
  FolderChangeRequest: toGlobalId('FolderChangeRequest', recordsOfA.folderChangeRequest),
  SigningCertificate: toGlobalId('SigningCertificate', recordsOfA.signingCertificate),
  Mailbox: toGlobalId('Mailbox', recordsOfA.mailbox),
  MailMessage: toGlobalId('MailMessage', recordsOfA.mailMessage),
  MailAttachment: toGlobalId('MailAttachment', recordsOfA.mailAttachment),
  ExternalOrgan: toGlobalId('ExternalOrgan', recordsOfA.externalOrgan),
  InterconnectionMessage: toGlobalId('InterconnectionMessage', recordsOfA.interconnectionMessage),
  Schedule: toGlobalId('Schedule', recordsOfA.schedule),
  ScheduleEvent: toGlobalId('ScheduleEvent', recordsOfA.scheduleEvent),
  MeetingRoom: toGlobalId('MeetingRoom', recordsOfA.meetingRoom),
  ApiKey: toGlobalId('ApiKey', recordsOfA.apiKey),
  OneStopProcedure: toGlobalId('OneStopProcedure', recordsOfA.oneStopProcedure),
  OneStopCase: toGlobalId('OneStopCase', recordsOfA.oneStopCase),
  OneStopSlip: toGlobalId('OneStopSlip', recordsOfA.oneStopSlip),
  WebhookEndpoint: toGlobalId('WebhookEndpoint', recordsOfA.webhookEndpoint),
  HandOverList: toGlobalId('HandOverList', recordsOfA.handOverList),
  ArchiveRecord: toGlobalId('ArchiveRecord', recordsOfA.archiveRecord),
  DestructionList: toGlobalId('DestructionList', recordsOfA.destructionList),
  DocumentCopy: toGlobalId('DocumentCopy', recordsOfA.documentCopy),
  Consultation: toGlobalId('Consultation', recordsOfA.consultation),
  DraftReferral: toGlobalId('DraftReferral', recordsOfA.draftReferral),
});

const NODE = `query ($id: ID!) {
  node(id: $id) {
    id
    __typename
    ... on Account { username fullName }
    ... on Unit { name code }
    ... on Organisation { name usernameSuffix }
    ... on Delegation { reason }
    ... on RightsGrant { roles status }
    ... on AuditEntry { action sequence }
    ... on Register { code }
    ... on Document { numberNotation }
    ... on StoredFile { fileName }
    ... on Notice { text }
    ... on Task { title }
    ... on Assignment { role result }
    ... on WorkFile { code title }
    ... on Folder { name }
    ... on FolderItem { name }
    ... on ApiKey { name prefix }
    ... on WebhookEndpoint { url }
    ... on HandOverList { title }
    ... on ArchiveRecord { code }
    ... on DestructionList { reason }
    ... on FolderGrant { level }
    ... on FolderChangeRequest { kind }
    ... on SigningCertificate { serial }
    ... on Mailbox { address }
    ... on MailMessage { subject }
    ... on MailAttachment { fileName }
    ... on ExternalOrgan { organId name }
    ... on InterconnectionMessage { documentKey peerName }
    ... on Schedule { weekStart }
    ... on ScheduleEvent { title }
    ... on MeetingRoom { name }
    ... on OneStopProcedure { code }
    ... on OneStopCase { receiptCode }
    ... on OneStopSlip { slipKind: kind }
    ... on DocumentCopy { copyNotation: numberNotation }
    ... on Consultation { subject }
    ... on DraftReferral { appraisalText }
  }
}`;

/** The row of an account as it is stored, to prove a refused mutation changed nothing. */
const accountRow = (id: string) =>
  one('select full_name, unit_id, title, roles, status, status_reason, password_hash, must_change_password, updated_at from account where id = ?', [id]);

const auditCount = async (organisationId: string) =>
  Number((await one<{ n: string }>('select count(*) as n from audit_entry where organisation_id = ?', [organisationId])).n);

beforeAll(async () => {
  app = await startTestApp();
  const seeded = await addOrganisation(app, 'khac');
  orgB = seeded.organisationId;
  orgA = (await one<{ id: string }>("select id from organisation where username_suffix = 'sct'")).id;

  a.itOfficer = await app.login(DEMO.itOfficer);
  a.specialist = await app.login(DEMO.specialist);
  a.leader = await app.login(DEMO.leader);
  b.itOfficer = await app.login('ducdd.khac');
  b.specialist = await app.login('hantt.khac');
  b.leader = await app.login('minhnv.khac');

  recordsOfA.account = await accountId(DEMO.specialist);
  recordsOfA.deputy = await accountId(DEMO.deputy);
  recordsOfA.unit = (await one<{ id: string }>("select id from unit where organisation_id = ? and code = 'QLTM'", [orgA])).id;
  recordsOfA.organisation = orgA;
  recordsOfB.specialist = await accountId('hantt.khac');
  recordsOfB.unit = (await one<{ id: string }>("select id from unit where organisation_id = ? and code = 'QLTM'", [orgB])).id;

  // A delegation of organisation A, made through the API by its leader.
  const created = await app.gql(
    `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { delegation { id } userErrors { code message } } }`,
    {
      input: {
        toAccountId: toGlobalId('Account', recordsOfA.deputy),
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        reason: 'Đi công tác',
      },
    },
    a.leader,
  );
  expect(created.data?.createDelegation.userErrors).toEqual([]);
  recordsOfA.delegation = fromGlobalId(created.data?.createDelegation.delegation.id)!.id;
  recordsOfA.auditEntry = (
    await one<{ id: string }>("select id from audit_entry where organisation_id = ? and action = 'delegation.created'", [orgA])
  ).id;
  recordsOfA.register = (await one<{ id: string }>("select id from register where organisation_id = ? and code = 'DEN'", [orgA])).id;
  const registered = await registerIncoming(app, await app.login(DEMO.clerk), { numberNotation: '9/UBND-VP', subject: 'Thử cách ly' });
  recordsOfA.document = fromGlobalId(registered.id)!.id;
  a.clerk = await app.login(DEMO.clerk);
  const copied = await app.gql('mutation ($input: MakeDocumentCopyInput!) { makeDocumentCopy(input: $input) { copy { id } userErrors { code } } }', { input: { documentId: registered.id, form: 'SAO_Y' } }, a.clerk);
  recordsOfA.documentCopy = fromGlobalId(copied.data?.makeDocumentCopy.copy.id)!.id;
  const uploaded = await app.upload(a.clerk, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), 'a.pdf');
  recordsOfA.storedFile = fromGlobalId(uploaded.body.id)!.id;
  await app.gql('mutation { sendNotice(input: { audience: EVERYONE, text: "Họp giao ban 8h" }) { userErrors { code } } }', {}, a.leader);
  const mine = await app.gql('{ myNotices(first: 1) { nodes { id } } }', {}, a.itOfficer);
  recordsOfA.notice = fromGlobalId(mine.data?.myNotices.nodes[0].id)!.id;
  const task = await app.gql(
    'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { code } } }',
    { input: { title: 'Rà soát quy chế', assigneeAccountId: toGlobalId('Account', recordsOfA.deputy), deadline: new Date(Date.now() + 86_400_000).toISOString() } },
    a.leader,
  );
  recordsOfA.task = fromGlobalId(task.data?.assignTask.task.id)!.id;
  const directed = await directDocument(app, a.leader, { documentId: registered.id, note: 'Phòng xử lý', assignees: [{ accountId: toGlobalId('Account', recordsOfA.deputy), role: 'LEAD' }] });
  recordsOfA.assignment = fromGlobalId(directed.assignments[0]!.id)!.id;
  const workFile = await app.gql(
    'mutation ($input: OpenWorkFileInput!) { openWorkFile(input: $input) { workFile { id } userErrors { code } } }',
    { input: { code: 'HS.01', title: 'Hồ sơ thử cách ly', retention: { years: 10 } } },
    a.specialist,
  );
  recordsOfA.workFile = fromGlobalId(workFile.data?.openWorkFile.workFile.id)!.id;
  const grant = await app.gql(
    'mutation ($input: ProposeRightsGrantInput!) { proposeRightsGrant(input: $input) { rightsGrant { id } userErrors { code } } }',
    { input: { accountId: toGlobalId('Account', recordsOfA.account), roles: ['CONFIDENTIAL_CLERK'] } },
    a.itOfficer,
  );
  recordsOfA.rightsGrant = fromGlobalId(grant.data?.proposeRightsGrant.rightsGrant.id)!.id;
  // The cabinet: a report the specialist shares in her unit's folder, a right on it, a colleague's change request.
  const cabinet = await app.gql('{ cabinet { folders(first: 50) { nodes { id kind unit { code } } } } }', {}, a.specialist);
  const unitFolder = cabinet.data?.cabinet.folders.nodes.find((folder: any) => folder.kind === 'UNIT' && folder.unit?.code === 'QLTM').id;
  recordsOfA.folder = fromGlobalId(unitFolder)!.id;
  const report = await app.upload(a.specialist, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), 'bao-cao.pdf');
  const added = await app.gql('mutation ($input: AddFolderFileInput!) { addFolderFile(input: $input) { item { id } userErrors { code } } }', { input: { folderId: unitFolder, fileId: report.body.id } }, a.specialist);
  recordsOfA.folderItem = fromGlobalId(added.data?.addFolderFile.item.id)!.id;
  const granted = await app.gql(
    'mutation ($input: GrantFolderAccessInput!) { grantFolderAccess(input: $input) { grant { id } userErrors { code } } }',
    { input: { targetId: added.data?.addFolderFile.item.id, grantee: { kind: 'EVERYONE' }, level: 'READ' } },
    a.specialist,
  );
  recordsOfA.folderGrant = fromGlobalId(granted.data?.grantFolderAccess.grant.id)!.id;
  const requested = await app.gql(
    'mutation ($input: RequestFolderItemChangeInput!) { requestFolderItemChange(input: $input) { request { id } userErrors { code } } }',
    { input: { itemId: added.data?.addFolderFile.item.id, kind: 'DELETE', note: 'Trùng' } },
    await app.login(DEMO.unitHead),
  );
  recordsOfA.folderChangeRequest = fromGlobalId(requested.data?.requestFolderItemChange.request.id)!.id;
  await app.gql('mutation { createSigningAuthority { userErrors { code } } }', {}, a.itOfficer);
  const issued = await app.gql(
    'mutation ($input: IssueSigningCertificateInput!) { issueSigningCertificate(input: $input) { certificate { id } userErrors { code } } }',
    { input: { kind: 'ORGANISATION', validDays: 365 } },
    a.itOfficer,
  );
  recordsOfA.signingCertificate = fromGlobalId(issued.data?.issueSigningCertificate.certificate.id)!.id;
  const mailbox = await app.gql('mutation { createMailbox(input: { address: "hopthu@a.gov.vn", displayName: "Hộp thư A" }) { mailbox { id } userErrors { code } } }', {}, a.leader);
  recordsOfA.mailbox = fromGlobalId(mailbox.data?.createMailbox.mailbox.id)!.id;
  mailReaderOfA = await app.login(DEMO.informationLead);
  await app.gql('mutation ($input: DesignateMailboxReaderInput!) { designateMailboxReader(input: $input) { userErrors { code } } }', { input: { mailboxId: mailbox.data?.createMailbox.mailbox.id, accountId: toGlobalId('Account', await accountId(DEMO.informationLead)), role: 'HEAD' } }, a.leader);
  // A message as the SMTP receiver stores one (test/e2e/mailbox.test.ts receives them for real).
  recordsOfA.mailMessage = randomUUID();
  await sql(
    `insert into mail_message (id, organisation_id, mailbox_id, message_id, thread_id, from_address, subject, text, sent_at, received_at, search_text) values (?, ?, ?, 'a@a.gov.vn', ?, 'x@a.gov.vn', 'Thư của A', 'Nội dung', now(), now(), 'thu cua a')`,
    [recordsOfA.mailMessage, orgA, recordsOfA.mailbox, recordsOfA.mailMessage],
  );
  recordsOfA.mailAttachment = randomUUID();
  await sql(`insert into mail_attachment (id, organisation_id, message_id, file_name, content_type, size, sha256) values (?, ?, ?, 'a.pdf', 'application/pdf', 1, ?)`, [recordsOfA.mailAttachment, orgA, recordsOfA.mailMessage, '0'.repeat(64)]);
  // A's interconnection directory entry and a message of its outbox (test/e2e/interconnection.test.ts makes them for real).
  recordsOfA.externalOrgan = randomUUID();
  await sql(`insert into external_organ (id, organisation_id, organ_id, name, created_by_id, created_at, updated_at) values (?, ?, '000.00.99.H53', 'Sở ngoài', ?, now(), now())`, [recordsOfA.externalOrgan, orgA, await accountId(DEMO.itOfficer)]);
  recordsOfA.interconnectionMessage = randomUUID();
  await sql(
    `insert into interconnection_message (id, organisation_id, direction, kind, message_key, document_key, peer_organ_id, peer_name, subject, state, attempts, raw, size, statuses, recall_requested, created_at)
     values (?, ?, 'OUT', 'DOCUMENT', 'k', '000.00.11.H53,2026/12/03,1/SCT-VP', '000.00.99.H53', 'Sở ngoài', 'Văn bản của A', 'QUEUED', 0, '', 0, '[]', false, now())`,
    [recordsOfA.interconnectionMessage, orgA],
  );
  const room = await app.gql('mutation { createMeetingRoom(input: { name: "Phòng họp A" }) { room { id } } }', {}, a.leader);
  recordsOfA.meetingRoom = fromGlobalId(room.data?.createMeetingRoom.room.id)!.id;
  const schedule = await app.gql('mutation { createSchedule(input: { weekStart: "2026-12-07" }) { schedule { id } } }', {}, a.leader);
  recordsOfA.schedule = fromGlobalId(schedule.data?.createSchedule.schedule.id)!.id;
  const event = await app.gql(
    'mutation ($input: AddScheduleEventInput!) { addScheduleEvent(input: $input) { event { id } } }',
    { input: { scheduleId: schedule.data?.createSchedule.schedule.id, title: 'Giao ban của A', startsAt: '2026-12-07T01:00:00Z', endsAt: '2026-12-07T02:00:00Z' } },
    a.leader,
  );
  recordsOfA.scheduleEvent = fromGlobalId(event.data?.addScheduleEvent.event.id)!.id;
  const apiKey = await app.gql('mutation { createApiKey(input: { name: "Báo cáo A", scopes: ["statistics:read"] }) { apiKey { id } userErrors { code } } }', {}, a.itOfficer);
  recordsOfA.apiKey = fromGlobalId(apiKey.data?.createApiKey.apiKey.id)!.id;
  // A one-stop procedure, a case taken in for it and a guidance slip.
  const procedure = await app.gql(
    'mutation ($input: OneStopProcedureInput!) { saveOneStopProcedure(input: $input) { procedure { id } userErrors { code message } } }',
    { input: { code: '2.000364', name: 'Cấp giấy phép bán lẻ rượu', field: 'Lưu thông hàng hóa', handlingUnitId: toGlobalId('Unit', recordsOfA.unit), totalDays: 10, intakeDays: 0, unitDays: 6, unitHeadDays: 1, leaderDays: 2, returnDays: 1, fee: 0, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }, { name: 'Bản sao giấy đăng ký kinh doanh', required: true, copies: 1 }] } },
    a.itOfficer,
  );
  expect(procedure.data?.saveOneStopProcedure.userErrors).toEqual([]);
  recordsOfA.oneStopProcedure = fromGlobalId(procedure.data?.saveOneStopProcedure.procedure.id)!.id;
  const desk = await app.login(DEMO.oneStopDesk);
  const applicant = { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '001090000123', phone: '0912345678', address: 'Hà Nội' };
  const received = await app.gql(
    'mutation ($input: ReceiveOneStopCaseInput!) { receiveOneStopCase(input: $input) { case { id } userErrors { code message } } }',
    { input: { procedureId: procedure.data?.saveOneStopProcedure.procedure.id, applicant, papers: [{ name: 'Đơn đề nghị' }, { name: 'Bản sao giấy đăng ký kinh doanh' }] } },
    desk,
  );
  expect(received.data?.receiveOneStopCase.userErrors).toEqual([]);
  recordsOfA.oneStopCase = fromGlobalId(received.data?.receiveOneStopCase.case.id)!.id;
  const guided = await app.gql(
    'mutation ($input: OneStopGuidanceInput!) { issueOneStopGuidance(input: $input) { slip { id } userErrors { code message } } }',
    { input: { procedureId: procedure.data?.saveOneStopProcedure.procedure.id, applicant, papers: [{ name: 'Đơn đề nghị' }] } },
    desk,
  );
  expect(guided.data?.issueOneStopGuidance.userErrors).toEqual([]);
  recordsOfA.oneStopSlip = fromGlobalId(guided.data?.issueOneStopGuidance.slip.id)!.id;
  // An endpoint as a key registers one (test/e2e/webhooks.test.ts registers them for real).
  recordsOfA.webhookEndpoint = randomUUID();
  await sql(`insert into webhook_endpoint (id, organisation_id, owner_id, url, event_kinds, secret, created_at) values (?, ?, ?, 'https://a.example/hook', '{DOCUMENT_REGISTERED}', 'whsec_AAAA', now())`, [recordsOfA.webhookEndpoint, orgA, recordsOfA.apiKey]);
  // The archive's records as the hand-over and destruction flows leave them (test/e2e/archive.test.ts plays them for real).
  [recordsOfA.handOverList, recordsOfA.archiveRecord, recordsOfA.destructionList] = [randomUUID(), randomUUID(), randomUUID()];
  await sql(`insert into hand_over_list (id, organisation_id, title, creator_id, creator_unit_id, status, handler_ids, created_at, accepted_at) values (?, ?, 'Nộp lưu năm 2025', ?, ?, 'ACCEPTED', array[?], now(), now())`, [recordsOfA.handOverList, orgA, recordsOfA.account, recordsOfA.unit, recordsOfA.account]);
  await sql(`insert into archive_record (id, organisation_id, work_file_id, hand_over_list_id, accepted_by_id, accepted_at, retention_years, status, handler_ids) values (?, ?, ?, ?, ?, now(), null, 'KEPT', array[?])`, [recordsOfA.archiveRecord, orgA, recordsOfA.workFile, recordsOfA.handOverList, recordsOfA.account, recordsOfA.account]);
  await sql(`insert into destruction_list (id, organisation_id, title, reason, status, creator_id, created_at) values (?, ?, 'Hủy năm 2026', 'Hết thời hạn bảo quản', 'PROPOSED', ?, now())`, [recordsOfA.destructionList, orgA, recordsOfA.account]);
  // A consultation on a file of A's document, drafted by A's leader, and a referral on it (test/e2e/drafting.test.ts makes them for real).
  const leaderOfA = await accountId(DEMO.leader);
  const consulted = await app.upload(a.clerk, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), 'du-thao.pdf');
  const documentFile = randomUUID();
  await sql(`insert into document_file (id, organisation_id, document_id, attachment_no, version, file_id, added_by_id, added_at) values (?, ?, ?, 1, 1, ?, ?, now())`, [documentFile, orgA, recordsOfA.document, fromGlobalId(consulted.body.id)!.id, leaderOfA]);
  recordsOfA.consultation = randomUUID();
  await sql(
    `insert into consultation (id, organisation_id, document_id, document_file_id, file_id, attachment_no, file_version, subject, status, drafter_id, deadline, remind_at, viewer_ids, created_at)
     values (?, ?, ?, ?, ?, 1, 1, 'Dự thảo của A', 'OPEN', ?, now() + interval '1 day', now() + interval '1 day', ?, now())`,
    [recordsOfA.consultation, orgA, recordsOfA.document, documentFile, fromGlobalId(consulted.body.id)!.id, leaderOfA, `{${leaderOfA}}`],
  );
  recordsOfA.draftReferral = randomUUID();
  await sql(
    `insert into draft_referral (id, organisation_id, document_id, drafter_id, signer_id, appraiser_id, appraisal_text, appraisal_at, drafter_position, status, created_at)
     values (?, ?, ?, ?, ?, ?, 'Thẩm định của A', now(), 'Ý kiến của A', 'REFERRED', now())`,
    [recordsOfA.draftReferral, orgA, recordsOfA.document, leaderOfA, leaderOfA, leaderOfA],
  );
});
afterAll(() => app?.close());

describe('tenant isolation by id', () => {
  it('the ids used below are real: organisation A reads every one of them', async () => {
    for (const [type, id] of Object.entries(globalIds())) {
      // Registers and documents are the leader's to see, the audit trail the IT officer's.
      const reader = ['Register', 'Document', 'Task', 'Assignment', 'WorkFile', 'Schedule', 'ScheduleEvent', 'MeetingRoom', 'OneStopCase', 'OneStopSlip', 'HandOverList', 'ArchiveRecord', 'DestructionList', 'DocumentCopy', 'Consultation', 'DraftReferral'].includes(type)
        ? a.leader
        : type === 'StoredFile'
          ? a.clerk
          : type.startsWith('Folder')
            ? a.specialist
            : type.startsWith('Mail')
              ? mailReaderOfA
              : a.itOfficer;
      const response = await app.gql(NODE, { id }, reader);
      expect(response.errors, type).toBeUndefined();
      expect(response.data?.node, type).toMatchObject({ id, __typename: type });
    }
  });

  for (const who of ['itOfficer', 'specialist'] as const) {
    it(`node() of any record of A, read by B's ${who}, is NOT_FOUND exactly like a nonexistent id`, async () => {
      for (const [type, id] of Object.entries(globalIds()) as [NodeType, string][]) {
        const other = await app.gql(NODE, { id }, b[who]);
        const missing = await app.gql(NODE, { id: toGlobalId(type, randomUUID()) }, b[who]);
        expect(other.status, type).toBe(200);
        expect(other.data, type).toEqual({ node: null });
        expect(other.errors?.[0]?.extensions?.code, type).toBe('NOT_FOUND');
        expect(other.status, type).toBe(missing.status);
        expect(other.data, type).toEqual(missing.data);
        // Byte for byte the same answer (message, path, code, even the development stack trace).
        expect(other.errors, type).toEqual(missing.errors);
        expect(JSON.stringify(other), type).not.toContain(recordsOfA.account);
      }
    });

    it(`nodes() of A's records, read by B's ${who}, are all null while B's own read`, async () => {
      const ids = Object.values(globalIds());
      const own = toGlobalId('Account', recordsOfB.specialist);
      const response = await app.gql(
        `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on Account { username } } }`,
        { ids: [...ids, own] },
        b[who],
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.nodes).toEqual([...ids.map(() => null), { id: own, __typename: 'Account', username: 'hantt.khac' }]);
    });
  }

  it("a record of B's own is not visible to A either (the rule runs both ways)", async () => {
    const response = await app.gql(NODE, { id: toGlobalId('Unit', recordsOfB.unit) }, a.specialist);
    expect(response.data).toEqual({ node: null });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('tenant isolation in lists and search', () => {
  const ACCOUNTS = `query ($filter: AccountFilter) {
    accounts(first: 100, filter: $filter) { totalCount nodes { id username fullName unit { id } } }
  }`;

  for (const who of ['itOfficer', 'specialist'] as const) {
    it(`accounts lists only organisation B's accounts to B's ${who}`, async () => {
      const response = await app.gql(ACCOUNTS, {}, b[who]);
      expect(response.errors).toBeUndefined();
      const { totalCount, nodes } = response.data!.accounts;
      const own = await sql<{ id: string }>('select id from account where organisation_id = ? order by username', [orgB]);
      expect(totalCount).toBe(own.length);
      expect(nodes.map((node: any) => fromGlobalId(node.id)?.id).sort()).toEqual(own.map((row) => row.id).sort());
      for (const node of nodes) {
        expect(node.username).toMatch(/\.khac$/);
        expect(node.username).not.toMatch(/\.sct$/);
      }
    });

    it(`a search by B's ${who} finds only organisation B's accounts`, async () => {
      const response = await app.gql(ACCOUNTS, { filter: { search: 'Hà' } }, b[who]);
      expect(response.errors).toBeUndefined();
      const { totalCount, nodes } = response.data!.accounts;
      const own = await sql<{ id: string }>("select id from account where organisation_id = ? and search_text like '%ha%'", [orgB]);
      expect(own.length).toBeGreaterThan(0);
      expect(totalCount).toBe(own.length);
      expect(nodes).toHaveLength(own.length);
      expect(nodes.map((node: any) => node.username)).toContain('hantt.khac');
      for (const node of nodes) expect(node.username).toMatch(/\.khac$/);
      expect(JSON.stringify(nodes)).not.toContain('.sct');
    });
  }

  it("filtering by a unit of A gives B nothing, not A's people", async () => {
    const response = await app.gql(ACCOUNTS, { filter: { unitId: toGlobalId('Unit', recordsOfA.unit) } }, b.itOfficer);
    expect(response.errors).toBeUndefined();
    expect(response.data?.accounts).toEqual({ totalCount: 0, nodes: [] });
  });

  it('organisation { units } holds only B\'s own units', async () => {
    const response = await app.gql(
      '{ organisation { id usernameSuffix units { id code } rootUnits { id } } }',
      {},
      b.specialist,
    );
    expect(response.errors).toBeUndefined();
    const organisation = response.data?.organisation;
    expect(organisation.id).toBe(toGlobalId('Organisation', orgB));
    expect(organisation.usernameSuffix).toBe('khac');
    const own = await sql<{ id: string }>('select id from unit where organisation_id = ?', [orgB]);
    const ofA = await sql<{ id: string }>('select id from unit where organisation_id = ?', [orgA]);
    expect(ofA.length).toBeGreaterThan(0);
    const seen = organisation.units.map((unit: any) => fromGlobalId(unit.id)?.id);
    expect([...seen].sort()).toEqual(own.map((row) => row.id).sort());
    for (const unit of ofA) expect(seen).not.toContain(unit.id);
    for (const unit of organisation.rootUnits) expect(own.map((row) => row.id)).toContain(fromGlobalId(unit.id)?.id);
  });

  it("auditTrail shows B's IT officer only B's entries, and verification walks only B's chain", async () => {
    const response = await app.gql(
      '{ auditTrail(first: 100) { totalCount nodes { id action actor { username } onBehalfOf { username } } } verifyAuditTrail { ok entriesChecked } }',
      {},
      b.itOfficer,
    );
    expect(response.errors).toBeUndefined();
    const { totalCount, nodes } = response.data!.auditTrail;
    const own = await sql<{ id: string }>('select id from audit_entry where organisation_id = ?', [orgB]);
    expect(await auditCount(orgA)).toBeGreaterThan(0);
    expect(own.length).toBeLessThanOrEqual(100);
    expect(totalCount).toBe(own.length);
    expect(nodes.map((node: any) => fromGlobalId(node.id)?.id).sort()).toEqual(own.map((row) => row.id).sort());
    expect(nodes.map((node: any) => node.action)).not.toContain('delegation.created');
    for (const node of nodes) if (node.actor) expect(node.actor.username).toMatch(/\.khac$/);
    expect(response.data?.verifyAuditTrail).toEqual({ ok: true, entriesChecked: own.length });
  });

  it("delegations lists none of A's to B's leader and IT officer", async () => {
    for (const token of [b.leader, b.itOfficer]) {
      const response = await app.gql('{ delegations(first: 100) { totalCount nodes { id } } }', {}, token);
      expect(response.errors).toBeUndefined();
      expect(response.data?.delegations).toEqual({ totalCount: 0, nodes: [] });
    }
    // …while A's leader does see it: the list is not empty for want of data.
    const ofA = await app.gql('{ delegations(first: 100) { totalCount nodes { id } } }', {}, a.leader);
    expect(ofA.data?.delegations.nodes).toEqual([{ id: toGlobalId('Delegation', recordsOfA.delegation) }]);
  });
});

describe('tenant isolation of mutations', () => {
  const PAYLOAD = 'account { id } userErrors { field code message }';

  it('updateAccount, lockAccount, setAccountRoles and the others on an account of A answer NOT_FOUND and change nothing', async () => {
    const before = await accountRow(recordsOfA.account);
    const auditBefore = await auditCount(orgA);
    const id = toGlobalId('Account', recordsOfA.account);
    const calls: [string, string, Record<string, unknown>][] = [
      ['updateAccount', `mutation ($input: UpdateAccountInput!) { updateAccount(input: $input) { ${PAYLOAD} } }`, { id, fullName: 'Kẻ Xâm Nhập', title: 'IT_OFFICER' }],
      ['lockAccount', `mutation ($input: AccountStatusInput!) { lockAccount(input: $input) { ${PAYLOAD} } }`, { id, reason: 'thử' }],
      ['disableAccount', `mutation ($input: AccountStatusInput!) { disableAccount(input: $input) { ${PAYLOAD} } }`, { id }],
      ['setAccountRoles', `mutation ($input: SetAccountRolesInput!) { setAccountRoles(input: $input) { ${PAYLOAD} } }`, { id, roles: ['IT_OFFICER', 'LEADER'] }],
      ['resetPassword', `mutation ($input: AccountStatusInput!) { resetPassword(input: $input) { temporaryPassword ${PAYLOAD} } }`, { id }],
    ];
    for (const [name, mutation, input] of calls) {
      const response = await app.gql(mutation, { input }, b.itOfficer);
      expect(response.errors, name).toBeUndefined();
      const payload = response.data?.[name];
      expect(payload.account, name).toBeNull();
      expect(payload.userErrors, name).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND', message: expect.any(String) }]);
      if (name === 'resetPassword') expect(payload.temporaryPassword).toBeNull();
    }
    expect(await accountRow(recordsOfA.account)).toEqual(before);
    expect(await auditCount(orgA)).toBe(auditBefore);
    // A's specialist still signs in and works.
    const me = await app.gql('{ me { username roles status } }', {}, a.specialist);
    expect(me.data?.me).toEqual({ username: DEMO.specialist, roles: ['SPECIALIST'], status: 'ACTIVE' });
  });

  it('createAccount in a unit of A answers INVALID_UNIT and creates nothing', async () => {
    const count = async () => Number((await one<{ n: string }>('select count(*) as n from account')).n);
    const before = await count();
    const response = await app.gql(
      `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { temporaryPassword ${PAYLOAD} } }`,
      { input: { fullName: 'Trương Văn Khách', unitId: toGlobalId('Unit', recordsOfA.unit), title: 'SPECIALIST', roles: ['SPECIALIST'] } },
      b.itOfficer,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.createAccount).toEqual({
      temporaryPassword: null,
      account: null,
      userErrors: [{ field: ['input', 'unitId'], code: 'INVALID_UNIT', message: expect.any(String) }],
    });
    expect(await count()).toBe(before);
    expect(await sql("select id from account where full_name = 'Trương Văn Khách'")).toEqual([]);
  });

  it("moving B's own account into a unit of A answers INVALID_UNIT and leaves it where it was", async () => {
    const before = await accountRow(recordsOfB.specialist);
    const response = await app.gql(
      `mutation ($input: UpdateAccountInput!) { updateAccount(input: $input) { ${PAYLOAD} } }`,
      { input: { id: toGlobalId('Account', recordsOfB.specialist), unitId: toGlobalId('Unit', recordsOfA.unit) } },
      b.itOfficer,
    );
    expect(response.data?.updateAccount).toEqual({
      account: null,
      userErrors: [{ field: ['input', 'unitId'], code: 'INVALID_UNIT', message: expect.any(String) }],
    });
    expect(await accountRow(recordsOfB.specialist)).toEqual(before);
  });

  it('createUnit under a unit of A, and updateUnit of a unit of A, are refused and change nothing', async () => {
    const units = async () => sql('select id, name, code, parent_id from unit order by id');
    const before = await units();
    const created = await app.gql(
      `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id } userErrors { field code } } }`,
      { input: { name: 'Tổ xâm nhập', code: 'XN', kind: 'NHOM', parentId: toGlobalId('Unit', recordsOfA.unit) } },
      b.itOfficer,
    );
    expect(created.data?.createUnit).toEqual({ unit: null, userErrors: [{ field: ['input', 'parentId'], code: 'INVALID_UNIT' }] });
    const updated = await app.gql(
      `mutation ($input: UpdateUnitInput!) { updateUnit(input: $input) { unit { id } userErrors { field code } } }`,
      { input: { id: toGlobalId('Unit', recordsOfA.unit), name: 'Đã bị đổi tên' } },
      b.itOfficer,
    );
    expect(updated.data?.updateUnit).toEqual({ unit: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }] });
    expect(await units()).toEqual(before);
  });

  it("revokeDelegation of A's delegation, and a delegation to A's deputy, are NOT_FOUND and change nothing", async () => {
    const revoked = await app.gql(
      `mutation ($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { delegation { id } userErrors { field code } } }`,
      { input: { id: toGlobalId('Delegation', recordsOfA.delegation) } },
      b.itOfficer,
    );
    expect(revoked.data?.revokeDelegation).toEqual({ delegation: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }] });
    expect(await one('select revoked_at from delegation where id = ?', [recordsOfA.delegation])).toEqual({ revoked_at: null });

    const created = await app.gql(
      `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { delegation { id } userErrors { field code } } }`,
      {
        input: {
          toAccountId: toGlobalId('Account', recordsOfA.deputy),
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3600_000).toISOString(),
          reason: 'Thử ủy quyền sang cơ quan khác',
        },
      },
      b.leader,
    );
    expect(created.data?.createDelegation).toEqual({ delegation: null, userErrors: [{ field: ['input', 'toAccountId'], code: 'NOT_FOUND' }] });
    expect(await sql('select id from delegation where organisation_id = ?', [orgB])).toEqual([]);
  });
});

describe('accent-insensitive search inside one organisation', () => {
  const SEARCH = 'query ($s: String!) { accounts(filter: { search: $s }) { totalCount nodes { username fullName } } }';

  it.each(['nguyen thi thu ha', 'NGUYỄN THỊ THU HÀ', 'Nguyễn Thị Thu Hà', 'thu ha'])('"%s" finds Nguyễn Thị Thu Hà', async (search) => {
    const response = await app.gql(SEARCH, { s: search }, a.specialist);
    expect(response.errors).toBeUndefined();
    expect(response.data?.accounts).toEqual({ totalCount: 1, nodes: [{ username: DEMO.specialist, fullName: 'Nguyễn Thị Thu Hà' }] });
  });

  it('"dang dinh duc" finds Đặng Đình Đức (đ read as d)', async () => {
    const response = await app.gql(SEARCH, { s: 'dang dinh duc' }, a.specialist);
    expect(response.data?.accounts).toEqual({ totalCount: 1, nodes: [{ username: DEMO.itOfficer, fullName: 'Đặng Đình Đức' }] });
  });

  it('a search matching nothing gives an empty page, not an error', async () => {
    const response = await app.gql(SEARCH, { s: 'không có ai tên này' }, a.specialist);
    expect(response.errors).toBeUndefined();
    expect(response.data?.accounts).toEqual({ totalCount: 0, nodes: [] });
  });
});
