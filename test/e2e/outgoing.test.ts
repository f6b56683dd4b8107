import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { sweepDeadlines } from '../../src/areas/routing/deadline-sweep.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';

/** The outgoing flow of seed 004 Art. 7 over HTTP: draft, review, appraisal, approval, issue, recall. */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const today = vietnamDate(new Date());

const FIELDS = `id status numberNotation registerNumber issuedOn assignee { username } replyTo { id } replaces { id }
  comments { action text author { username } onBehalfOf { username } } versions { version }`;

async function call(mutation: string, input: Record<string, unknown>, role: string) {
  const response = await app.gql(
    `mutation ($input: ${inputType(mutation)}!) { ${mutation}(input: $input) { document { ${FIELDS} } userErrors { field code message } } }`,
    { input },
    tokens[role],
  );
  return { errors: response.errors, ...response.data?.[mutation] };
}

function inputType(mutation: string): string {
  if (mutation === 'createOutgoingDraft') return 'CreateOutgoingDraftInput';
  if (mutation === 'updateOutgoingDraft') return 'UpdateOutgoingDraftInput';
  if (mutation === 'recallOutgoingDocument') return 'RecallDocumentInput';
  return 'OutgoingStepInput';
}

async function ok(mutation: string, input: Record<string, unknown>, role: string) {
  const result = await call(mutation, input, role);
  expect(result.errors, `${mutation} by ${role}`).toBeUndefined();
  expect(result.userErrors, `${mutation} by ${role}`).toEqual([]);
  return result.document;
}

beforeAll(async () => {
  app = await startTestApp();
  for (const [role, username] of Object.entries(DEMO)) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
  const otherSpecialist = await app.gql(
    `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { temporaryPassword account { username } } }`,
    { input: { fullName: 'Phan Văn Khác', unitId: (await app.gql('{ me { unit { id } } }', {}, tokens.specialist)).data!.me.unit.id, title: 'SPECIALIST', roles: ['SPECIALIST'], initialPassword: 'Another#Pass2026' } },
    tokens.itOfficer,
  );
  const username = otherSpecialist.data!.createAccount.account.username;
  tokens.otherSpecialist = await app.login(username, 'Another#Pass2026');
  await app.gql('mutation { changePassword(input: { currentPassword: "Another#Pass2026", newPassword: "Changed#Pass2026" }) { userErrors { code } } }', {}, tokens.otherSpecialist);
});
afterAll(() => app?.close());

describe('an outgoing reply, from draft to issue', () => {
  let incomingId: string;
  let draft: { id: string };

  it('runs draft → review → return → edit → review → approval → issue, keeping versions and comments', async () => {
    incomingId = (
      await registerIncoming(app, tokens.clerk!, { numberNotation: '210/UBND-KT', issuedOn: today, subject: 'Đề nghị báo cáo tình hình xuất khẩu', replyRequired: true, handedToAccountIds: [ids.specialist] })
    ).id;

    draft = await ok('createOutgoingDraft', { kind: 'CONG_VAN', subject: 'Báo cáo tình hình xuất khẩu quý IV', replyToId: incomingId }, 'specialist');
    expect(draft).toMatchObject({ status: 'DRAFT', numberNotation: null, replyTo: { id: incomingId }, versions: [{ version: 1 }] });

    expect(await ok('submitOutgoingDocument', { id: draft.id, comment: 'Kính trình anh xem' }, 'specialist')).toMatchObject({
      status: 'IN_REVIEW',
      assignee: { username: DEMO.unitHead },
    });
    expect(await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead')).toMatchObject({ status: 'AWAITING_APPROVAL', assignee: { username: DEMO.leader } });
    const returned = await ok('returnOutgoingDocument', { id: draft.id, comment: 'Bổ sung số liệu tháng 12' }, 'leader');
    expect(returned).toMatchObject({ status: 'DRAFT', assignee: { username: DEMO.specialist } });

    const edited = await ok('updateOutgoingDraft', { id: draft.id, subject: 'Báo cáo tình hình xuất khẩu quý IV năm 2026' }, 'specialist');
    expect(edited.versions).toEqual([{ version: 1 }, { version: 2 }]);
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead');
    expect(await ok('approveOutgoingDocument', { id: draft.id, comment: 'Đồng ý' }, 'leader')).toMatchObject({ status: 'APPROVED' });

    const issued = await ok('issueOutgoingDocument', { id: draft.id }, 'clerk');
    expect(issued).toMatchObject({ status: 'ISSUED', registerNumber: '01', numberNotation: '01/SCT-QLTM', issuedOn: today });
    expect(issued.comments.map((c: { action: string }) => c.action)).toEqual(['SUBMIT', 'FORWARD', 'RETURN', 'SUBMIT', 'FORWARD', 'APPROVE', 'ISSUE']);
    expect(issued.comments[2]).toMatchObject({ text: 'Bổ sung số liệu tháng 12', author: { username: DEMO.leader } });

    // The reply link reads both ways.
    const back = await app.gql('query ($id: ID!) { document(id: $id) { replies { id numberNotation } } }', { id: incomingId }, tokens.specialist);
    expect(back.data?.document.replies).toEqual([{ id: draft.id, numberNotation: '01/SCT-QLTM' }]);
  });

  it('never changes once issued: a correction is a new document that replaces it', async () => {
    const refused = await call('updateOutgoingDraft', { id: draft.id, subject: 'Sửa sau khi ban hành' }, 'specialist');
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_STATE' })]);
    const correction = await ok('createOutgoingDraft', { kind: 'CONG_VAN', subject: 'Đính chính báo cáo', replacesId: draft.id }, 'specialist');
    expect(correction.replaces).toEqual({ id: draft.id });
    const original = await app.gql('query ($id: ID!) { document(id: $id) { replacedBy { id } } }', { id: draft.id }, tokens.specialist);
    expect(original.data?.document.replacedBy).toEqual({ id: correction.id });
  });

  it('recalls an issued document with its reason, and freezes it', async () => {
    const recalled = await ok('recallOutgoingDocument', { id: draft.id, reason: 'Ban hành nhầm số liệu' }, 'leader');
    expect(recalled.status).toBe('RECALLED');
    expect(recalled.comments.at(-1)).toMatchObject({ action: 'RECALL', text: 'Ban hành nhầm số liệu' });
    expect((await call('recallOutgoingDocument', { id: draft.id, reason: 'Lần nữa' }, 'leader')).userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_STATE' }),
    ]);
    const trail = await app.gql('{ auditTrail(first: 5) { nodes { action } } }', {}, tokens.itOfficer);
    expect(trail.data?.auditTrail.nodes.map((n: { action: string }) => n.action)).toContain('document.recall');
  });
});

describe('the rules of the flow', () => {
  it('sends a legal normative document to the justice office before the leader may approve it', async () => {
    const draft = await ok('createOutgoingDraft', { kind: 'QUYET_DINH', subject: 'Ban hành quy định quản lý chợ', legalNormative: true }, 'specialist');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    expect(await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead')).toMatchObject({ status: 'IN_APPRAISAL', assignee: null });
    expect((await call('approveOutgoingDocument', { id: draft.id }, 'leader')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect(await ok('appraiseOutgoingDocument', { id: draft.id, comment: 'Đủ điều kiện ban hành' }, 'legalAppraiser')).toMatchObject({
      status: 'AWAITING_APPROVAL',
      assignee: { username: DEMO.leader },
    });
    await ok('approveOutgoingDocument', { id: draft.id }, 'leader');
    const issued = await ok('issueOutgoingDocument', { id: draft.id }, 'clerk');
    expect(issued.numberNotation).toMatch(/^\d{2,}\/QĐ-SCT$/);
  });

  it('refuses moves out of turn and out of order, with nothing changed', async () => {
    const draft = await ok('createOutgoingDraft', { kind: 'BAO_CAO', subject: 'Báo cáo tháng' }, 'specialist');
    // Another specialist does not see the draft: not found, as by id in a query.
    expect((await call('submitOutgoingDocument', { id: draft.id }, 'otherSpecialist')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    // Nor does the clerk before approval.
    expect((await call('issueOutgoingDocument', { id: draft.id }, 'clerk')).userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect((await call('forwardOutgoingDocument', { id: draft.id }, 'specialist')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    expect((await call('returnOutgoingDocument', { id: draft.id }, 'unitHead')).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'comment'], code: 'REQUIRED' }),
    ]);
    expect((await call('approveOutgoingDocument', { id: draft.id }, 'deputy')).userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    const unchanged = await app.gql('query ($id: ID!) { document(id: $id) { status comments { action } } }', { id: draft.id }, tokens.specialist);
    expect(unchanged.data?.document).toEqual({ status: 'IN_REVIEW', comments: [{ action: 'SUBMIT' }] });
  });

  it('shows a draft to its drafter and the head above, not to other specialists, clerks or leaders', async () => {
    const draft = await ok('createOutgoingDraft', { kind: 'TO_TRINH', subject: 'Tờ trình riêng' }, 'specialist');
    const read = (role: string) => app.gql('query ($id: ID!) { document(id: $id) { status } }', { id: draft.id }, tokens[role]);
    expect((await read('specialist')).data?.document).toEqual({ status: 'DRAFT' });
    expect((await read('unitHead')).data?.document).toEqual({ status: 'DRAFT' });
    for (const role of ['otherSpecialist', 'clerk', 'leader', 'itOfficer']) {
      expect((await read(role)).errors?.[0]?.extensions?.code, role).toBe('NOT_FOUND');
    }
  });

  it('has a classified document issued by the confidential clerk, who keeps its entry but not its content', async () => {
    const draft = await ok('createOutgoingDraft', { kind: 'BAO_CAO', subject: 'Báo cáo tình hình an ninh', confidentiality: 'MAT' }, 'specialist');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead');
    await ok('approveOutgoingDocument', { id: draft.id }, 'leader');
    // The ordinary clerk does not see a classified document at all: not found, not "not your turn".
    expect((await call('issueOutgoingDocument', { id: draft.id }, 'clerk')).userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'NOT_FOUND' })]);
    const issuing = await app.gql(
      'mutation ($input: OutgoingStepInput!) { issueOutgoingDocument(input: $input) { document { numberNotation status } userErrors { code } } }',
      { input: { id: draft.id } },
      tokens.confidentialClerk,
    );
    expect(issuing.errors).toBeUndefined();
    const issued = issuing.data!.issueOutgoingDocument.document;
    expect(issued.numberNotation).toMatch(/^\d{2,}\/BC-SCT$/);

    const read = (role: string) =>
      app.gql('query ($id: ID!) { document(id: $id) { status numberNotation viewerCanReadContent subject } }', { id: draft.id }, tokens[role]);
    const byClerk = await read('confidentialClerk');
    expect(byClerk.data?.document).toEqual({ status: 'ISSUED', numberNotation: issued.numberNotation, viewerCanReadContent: false, subject: null });
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await read('specialist')).data?.document).toMatchObject({ viewerCanReadContent: true, subject: 'Báo cáo tình hình an ninh' });
    expect((await read('clerk')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is numbered in another outgoing register when the clerk names one', async () => {
    const created = await app.gql(
      'mutation { createRegister(input: { code: "DI-VP", name: "Sổ văn bản đi của Văn phòng", direction: OUTGOING, notationSuffix: "VP" }) { register { id } userErrors { code } } }',
      {},
      tokens.itOfficer,
    );
    const own = created.data!.createRegister.register.id as string;
    const registers = (await app.gql('{ registers { id code } }', {}, tokens.leader)).data!.registers as { id: string; code: string }[];
    const byCode = (code: string) => registers.find((register) => register.code === code)!.id;
    const draft = await ok('createOutgoingDraft', { kind: 'THONG_BAO', subject: 'Thông báo của Văn phòng' }, 'specialist');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead');
    await ok('approveOutgoingDocument', { id: draft.id }, 'leader');
    expect((await call('issueOutgoingDocument', { id: draft.id, registerId: byCode('DEN') }, 'clerk')).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'registerId'], code: 'NOT_FOUND' }),
    ]);
    // The confidential register is not the ordinary clerk's to see: not found, as in a query.
    expect((await call('issueOutgoingDocument', { id: draft.id, registerId: byCode('DI-MAT') }, 'clerk')).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'registerId'], code: 'NOT_FOUND' }),
    ]);
    const issued = await ok('issueOutgoingDocument', { id: draft.id, registerId: own }, 'clerk');
    // Its own mark keeps number and notation unique in the year beside the standard series.
    expect(issued).toMatchObject({ status: 'ISSUED', registerNumber: '01', numberNotation: '01/TB-SCT-VP' });
  });

  it('lets a deputy approve under a delegation in force, recording on whose behalf', async () => {
    const delegation = await app.gql(
      `mutation ($input: CreateDelegationInput!) { createDelegation(input: $input) { userErrors { code } } }`,
      { input: { toAccountId: ids.deputy, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Đi công tác' } },
      tokens.leader,
    );
    expect(delegation.data?.createDelegation.userErrors).toEqual([]);
    const draft = await ok('createOutgoingDraft', { kind: 'THONG_BAO', subject: 'Thông báo lịch làm việc' }, 'specialist');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead');
    const approved = await ok('approveOutgoingDocument', { id: draft.id, comment: 'Thừa ủy quyền' }, 'deputy');
    expect(approved.comments.at(-1)).toMatchObject({ action: 'APPROVE', author: { username: DEMO.deputy }, onBehalfOf: { username: DEMO.leader } });
  });
});

describe('sending to another agency, and recalling', () => {
  it('gives the receiver a copy to register, and the recall withdraws it for everyone there', async () => {
    const { addOrganisation } = await import('../support/app.ts');
    const other = await addOrganisation(app, 'nhan');
    const otherClerk = await app.login('maipt.nhan');
    const otherLeader = await app.login('minhnv.nhan');
    const otherSpecialist = await app.login('hantt.nhan');
    const directory = await app.gql('{ organisationDirectory { id name } }', {}, tokens.clerk);
    const target = directory.data!.organisationDirectory.find((entry: { name: string }) => entry.name.includes('(nhan)'));
    expect(target).toBeDefined();

    const upload = await app.upload(tokens.specialist!, new TextEncoder().encode('%PDF-1.4\n% gửi đi\n%%EOF\n'), 'gui-di.pdf');
    const draft = await ok('createOutgoingDraft', { kind: 'GIAY_MOI', subject: 'Mời dự họp giao ban', fileIds: [upload.body.id] }, 'specialist');
    await ok('submitOutgoingDocument', { id: draft.id }, 'specialist');
    await ok('forwardOutgoingDocument', { id: draft.id }, 'unitHead');
    await ok('approveOutgoingDocument', { id: draft.id }, 'leader');
    const issued = await ok('issueOutgoingDocument', { id: draft.id, sendToOrganisationIds: [target.id] }, 'clerk');

    const RECEIVED = `{ documents(first: 10, filter: { status: RECEIVED }) { totalCount nodes { id numberNotation subject issuingOrgan files { file { fileName downloadUrl } } } } }`;
    const arrived = (await app.gql(RECEIVED, {}, otherClerk)).data!.documents;
    expect(arrived.totalCount).toBe(1);
    expect(arrived.nodes[0]).toMatchObject({ numberNotation: issued.numberNotation, subject: 'Mời dự họp giao ban', files: [{ file: { fileName: 'gui-di.pdf' } }] });
    const copyId = arrived.nodes[0].id;
    const bytes = await fetch(`${app.url.replace('/graphql', '')}${arrived.nodes[0].files[0].file.downloadUrl}`, { headers: { authorization: `Bearer ${otherClerk}` } });
    expect(bytes.status).toBe(200);

    const specialistId = (await app.gql('{ me { id } }', {}, otherSpecialist)).data!.me.id;
    // The receiving agency's subscribers hear the copy being registered (it is audited and announced alike).
    const { client } = app.ws(otherLeader);
    const watch = client.iterate<{ documentChanged: { status: string; registerNumber: string | null } }>({ query: 'subscription ($id: ID) { documentChanged(id: $id) { status registerNumber } }', variables: { id: copyId } });
    await app.listening(1);
    const registered = await app.gql(
      `mutation ($input: RegisterReceivedDocumentInput!) { registerReceivedDocument(input: $input) { document { status registerNumber } userErrors { code } } }`,
      { input: { id: copyId, handedToAccountIds: [specialistId] } },
      otherClerk,
    );
    expect(registered.data?.registerReceivedDocument).toEqual({ document: { status: 'REGISTERED', registerNumber: '01' }, userErrors: [] });
    const heard = await Promise.race([watch.next(), new Promise((resolve) => setTimeout(() => resolve('nothing heard in 5 s'), 5000))]);
    expect(heard).toEqual({ done: false, value: { data: { documentChanged: { status: 'REGISTERED', registerNumber: '01' } } } });
    await watch.return?.();
    // The sender sees how it stands there, and no more than that.
    const DELIVERIES = `query ($id: ID!) { document(id: $id) { deliveries { organisationName status arrivalNumber registeredAt receivedAt } } }`;
    const deliveries = (await app.gql(DELIVERIES, { id: draft.id }, tokens.specialist)).data!.document.deliveries;
    expect(deliveries).toEqual([{ organisationName: target.name, status: 'REGISTERED', arrivalNumber: `01/${new Date().getFullYear()}`, registeredAt: expect.any(String), receivedAt: expect.any(String) }]);
    const directed = await app.gql(
      `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { userErrors { code } } }`,
      { input: { documentId: copyId, note: 'Hà dự họp', assignees: [{ accountId: specialistId, role: 'LEAD' }] } },
      otherLeader,
    );
    expect(directed.data?.directDocument.userErrors).toEqual([]);
    expect((await app.gql(DELIVERIES, { id: draft.id }, tokens.leader)).data!.document.deliveries[0].status).toBe('IN_HANDLING');
    // Someone of the sender's agency not on the document learns nothing of it, deliveries included.
    expect((await app.gql(DELIVERIES, { id: draft.id }, tokens.oneStopDesk)).data?.document).toBeNull();
    // The sender's agency cannot read the receiver's copy.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: copyId }, tokens.leader)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await ok('recallOutgoingDocument', { id: draft.id, reason: 'Hoãn cuộc họp' }, 'leader');
    for (const token of [otherClerk, otherLeader, otherSpecialist]) {
      const gone = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: copyId }, token);
      expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await app.gql('{ documents(first: 10) { totalCount } }', {}, token)).data?.documents.totalCount).toBe(0);
    }
    const record = await app.db.orm.em.fork().execute<{ action: string }[]>(
      `select action from audit_entry where organisation_id = ? and action like 'document.%' order by sequence`,
      [other.organisationId],
    );
    expect(record.map((row) => row.action)).toEqual(['document.received', 'document.registered', 'document.directed', 'document.withdrawn']);
    // The handling of the withdrawn copy is gone from its handler's work too.
    const work = (await app.gql('{ myWork { counts { waiting } waiting(first: 5) { nodes { id } } } }', {}, otherSpecialist)).data!.myWork;
    expect(work).toEqual({ counts: { waiting: 0 }, waiting: { nodes: [] } });
    expect((await app.gql(DELIVERIES, { id: draft.id }, tokens.leader)).data!.document.deliveries[0].status).toBe('WITHDRAWN');
    // Nor does the deadline sweep remind anyone of it, even past its deadline.
    const db = app.db.orm.em.fork();
    await db.execute(`update assignment set deadline = now() - interval '1 hour', remind_at = now() - interval '2 hours' where document_id = ?`, [fromGlobalId(copyId)!.id]);
    await sweepDeadlines(app.db.orm);
    const [marks] = await db.execute<{ n: number }[]>(
      `select count(*)::int as n from assignment where document_id = ? and (reminded_at is not null or overdue_at is not null)`,
      [fromGlobalId(copyId)!.id],
    );
    expect(marks!.n).toBe(0);
  });
});
