import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '../../src/core/ids.ts';
import { sweepConsultations } from '../../src/areas/drafting/consultation-sweep.ts';
import { DEMO, nextValue, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Consultation on a draft (issue 21 §1, seed 004 Art. 7 §2) over HTTP: a draft version sent to
 * three units, two answering (one of them by two commenters) and one late — reminded once by the
 * job, then recorded as not answering; the comments kept per version and commenter apart from the
 * draft; compiled into the next version; a second round on that version; the draft held at
 * submission while a consultation is open; and a disagreement with the justice office's appraisal
 * referred to the signer, who decides. Whoever is not on it sees nothing of it.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const units: Record<string, string> = {};

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}
const count = async (query: string, params: unknown[] = []) => Number((await sql<{ n: string }>(query, params))[0]!.n);
const raw = (globalId: string) => fromGlobalId(globalId)!.id;

const CONSULTATION = `id status subject attachmentNo fileVersion deadline compiledVersion compilationNote
  document { id } file { id fileName } drafter { username }
  participants { account { username } unit { code } answer remindedAt answeredAt noAnswerAt comments { text } }
  comments { author { username } unit { code } attachmentNo fileVersion text }`;

const MUTATIONS: Record<string, string> = {
  consultOnDraft: 'ConsultOnDraftInput',
  commentOnDraft: 'CommentOnDraftInput',
  compileConsultation: 'CompileConsultationInput',
  cancelConsultation: 'CancelConsultationInput',
};

async function consult(mutation: keyof typeof MUTATIONS, input: Record<string, unknown>, who: string) {
  const response = await app.gql(`mutation ($input: ${MUTATIONS[mutation]}!) { ${mutation}(input: $input) { consultation { ${CONSULTATION} } userErrors { field code message } } }`, { input }, tokens[who]);
  expect(response.errors, `${mutation} by ${who}`).toBeUndefined();
  return response.data![mutation] as { consultation: any; userErrors: { field: string[] | null; code: string; message: string }[] };
}

async function consultOk(mutation: keyof typeof MUTATIONS, input: Record<string, unknown>, who: string) {
  const result = await consult(mutation, input, who);
  expect(result.userErrors, `${mutation} by ${who}`).toEqual([]);
  return result.consultation;
}

async function step(mutation: string, input: Record<string, unknown>, who: string) {
  const response = await app.gql(`mutation ($input: OutgoingStepInput!) { ${mutation}(input: $input) { document { id status } userErrors { code message } } }`, { input }, tokens[who]);
  expect(response.errors).toBeUndefined();
  return response.data![mutation] as { document: { status: string } | null; userErrors: { code: string; message: string }[] };
}

async function upload(who: string, text: string): Promise<string> {
  const uploaded = await app.upload(tokens[who]!, new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`), `${text}.pdf`);
  expect(uploaded.status).toBe(201);
  return uploaded.body.id;
}

async function draft(subject: string, fileId: string): Promise<string> {
  const response = await app.gql(
    'mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { document { id } userErrors { code message } } }',
    { input: { kind: 'QUYET_DINH', subject, legalNormative: true, fileIds: [fileId] } },
    tokens.specialist,
  );
  expect(response.data?.createOutgoingDraft.userErrors).toEqual([]);
  return response.data!.createOutgoingDraft.document.id;
}

const readConsultation = async (id: string, who: string) => (await app.gql(`query ($id: ID!) { node(id: $id) { ... on Consultation { ${CONSULTATION} } } }`, { id }, tokens[who])).data?.node;
const notices = (kind: string, accountId: string) =>
  count('select count(*) as n from notice n join notice_delivery d on d.notice_id = n.id where n.kind = ? and d.account_id = ? and n.text like ?', [kind, raw(accountId), '%dự thảo%']);
const writtenRows = async () => ({
  consultations: await count('select count(*) as n from consultation'),
  comments: await count('select count(*) as n from consultation_comment'),
  files: await count('select count(*) as n from document_file'),
  referrals: await count('select count(*) as n from draft_referral'),
});

beforeAll(async () => {
  app = await startTestApp({ jobs: { pollingIntervalSeconds: 0.5 } });
  for (const [role, username] of Object.entries(DEMO)) {
    tokens[role] = await app.login(username);
    ids[role] = (await app.gql('{ me { id } }', {}, tokens[role])).data!.me.id;
  }
  for (const row of await sql<{ id: string; code: string }>('select id, code from unit')) units[row.code] = toGlobalId('Unit', row.id);
});
afterAll(() => app?.close());

describe('a consultation of three units on a legal normative draft', () => {
  let documentId: string;
  let consultationId: string;

  it('refuses to consult on a document one may not see or that is not a draft, writing nothing', async () => {
    documentId = await draft('Quy chế phối hợp quản lý chợ', await upload('specialist', 'du-thao-1'));
    const other = await draft('Quyết định khác', await upload('specialist', 'khac'));
    expect((await step('submitOutgoingDocument', { id: other }, 'specialist')).userErrors).toEqual([]);
    const before = await writtenRows();
    const deadline = new Date(Date.now() + 3600_000).toISOString();

    // The TTIN specialist may not see the draft: it does not exist for them.
    const unseen = await consult('consultOnDraft', { documentId, unitIds: [units.PC], deadline }, 'mailboxReader');
    expect(unseen.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'NOT_FOUND', message: 'Văn bản không tồn tại.' }]);
    // Submitted: no longer a draft.
    const submitted = await consult('consultOnDraft', { documentId: other, unitIds: [units.PC], deadline }, 'specialist');
    expect(submitted.userErrors).toMatchObject([{ field: ['input', 'documentId'], code: 'INVALID_STATE' }]);
    // The unit head sees the draft but is not its drafter.
    expect((await consult('consultOnDraft', { documentId, unitIds: [units.PC], deadline }, 'unitHead')).userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    // Neither a deadline nor consultees; a deadline in the past.
    expect((await consult('consultOnDraft', { documentId }, 'specialist')).userErrors.map((error) => error.code).sort()).toEqual(['INVALID', 'REQUIRED']);
    expect((await consult('consultOnDraft', { documentId, unitIds: [units.PC], deadline: new Date(Date.now() - 1000).toISOString() }, 'specialist')).userErrors).toMatchObject([{ field: ['input', 'deadline'], code: 'INVALID' }]);
    expect(await writtenRows()).toEqual(before);
  });

  it('sends version 1 of the draft to three units with a deadline; the drafter side and those consulted see it', async () => {
    const deadline = new Date(Date.now() + 12_000).toISOString();
    const opened = await consultOk('consultOnDraft', { documentId, unitIds: [units.TTIN, units.MC, units.PC], deadline, note: 'Đề nghị góp ý trước hạn.' }, 'specialist');
    consultationId = opened.id;
    expect(opened).toMatchObject({ status: 'OPEN', attachmentNo: 1, fileVersion: 1, subject: 'Quy chế phối hợp quản lý chợ', drafter: { username: DEMO.specialist } });
    expect(opened.participants.map((participant: any) => [participant.unit.code, participant.answer]).sort()).toEqual([['MC', 'PENDING'], ['PC', 'PENDING'], ['TTIN', 'PENDING']]);
    // A second one while this one is open is refused.
    expect((await consult('consultOnDraft', { documentId, unitIds: [units.PC], deadline }, 'specialist')).userErrors).toMatchObject([{ code: 'DUPLICATE' }]);

    // The head of the drafting unit sees it on the draft; a member of a consulted unit sees it (not the draft) and may download the version.
    const onDraft = await app.gql('query ($id: ID!) { node(id: $id) { ... on Document { consultations { id } } } }', { id: documentId }, tokens.unitHead);
    expect(onDraft.data?.node.consultations).toEqual([{ id: consultationId }]);
    const consulted = await readConsultation(consultationId, 'mailboxReader');
    expect(consulted).toMatchObject({ id: consultationId, document: null, file: { fileName: 'du-thao-1.pdf' } });
    const download = await fetch(`${new URL(app.url).origin}/files/${consulted.file.id}`, { headers: { authorization: `Bearer ${tokens.mailboxReader}` } });
    expect(download.status).toBe(200);
    const toAnswer = await app.gql('{ consultations(filter: { toAnswer: true }) { totalCount nodes { id } } }', {}, tokens.informationLead);
    expect(toAnswer.data?.consultations).toEqual({ totalCount: 1, nodes: [{ id: consultationId }] });
  });

  it('shows an outsider nothing: by id, in lists and counts, on the draft, in downloads and subscriptions', async () => {
    // The confidential clerk (VP, the unit above MC but not MC) is on neither side.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: consultationId }, tokens.confidentialClerk)).data?.node).toBeNull();
    expect((await app.gql('{ consultations(first: 100) { totalCount nodes { id } } }', {}, tokens.confidentialClerk)).data?.consultations).toEqual({ totalCount: 0, nodes: [] });
    expect((await app.gql('query ($d: ID!) { consultations(filter: { documentId: $d }) { totalCount } }', { d: documentId }, tokens.confidentialClerk)).data?.consultations.totalCount).toBe(0);
    const file = (await readConsultation(consultationId, 'specialist')).file.id;
    expect((await fetch(`${new URL(app.url).origin}/files/${file}`, { headers: { authorization: `Bearer ${tokens.confidentialClerk}` } })).status).toBe(404);
    expect((await consult('commentOnDraft', { id: consultationId, text: 'Góp ý của người ngoài' }, 'confidentialClerk')).userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);

    const outsider = app.ws(tokens.confidentialClerk!);
    const named = nextValue(outsider.client, 'subscription ($id: ID) { consultationChanged(id: $id) { id } }', { id: consultationId });
    expect((await named.next()).value?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const outsiderAll = nextValue(outsider.client, 'subscription { consultationChanged { id } }');
    const consultee = app.ws(tokens.oneStopDesk!);
    const heard = nextValue(consultee.client, 'subscription { consultationChanged { id status } }');
    await app.listening(2);
    const outsiderNext = outsiderAll.next();
    // MC's only member comments: the consultee hears it; the outsider hears nothing.
    await consultOk('commentOnDraft', { id: consultationId, text: 'Bộ phận Một cửa: đề nghị bổ sung quy trình tiếp nhận.' }, 'oneStopDesk');
    expect((await heard.next()).value?.data?.consultationChanged).toEqual({ id: consultationId, status: 'OPEN' });
    const silence = await Promise.race([outsiderNext.then(() => 'heard'), new Promise((resolve) => setTimeout(() => resolve('silence'), 1500))]);
    expect(silence).toBe('silence');
    await heard.stop();
    await outsiderAll.stop();
    outsider.client.dispose();
    consultee.client.dispose();
  });

  it('keeps each comment per version and commenter, apart from the draft', async () => {
    await consultOk('commentOnDraft', { id: consultationId, text: 'Nhóm Thông tin: sửa Điều 3 cho rõ trách nhiệm.' }, 'informationLead');
    const second = await consultOk('commentOnDraft', { id: consultationId, text: 'Bổ sung kênh thông tin điện tử.' }, 'mailboxReader');
    expect(second.comments).toEqual([
      { author: { username: DEMO.oneStopDesk }, unit: { code: 'MC' }, attachmentNo: 1, fileVersion: 1, text: 'Bộ phận Một cửa: đề nghị bổ sung quy trình tiếp nhận.' },
      { author: { username: DEMO.informationLead }, unit: { code: 'TTIN' }, attachmentNo: 1, fileVersion: 1, text: 'Nhóm Thông tin: sửa Điều 3 cho rõ trách nhiệm.' },
      { author: { username: DEMO.mailboxReader }, unit: { code: 'TTIN' }, attachmentNo: 1, fileVersion: 1, text: 'Bổ sung kênh thông tin điện tử.' },
    ]);
    expect(second.participants.map((participant: any) => [participant.unit.code, participant.answer, participant.comments.length]).sort()).toEqual([['MC', 'ANSWERED', 1], ['PC', 'PENDING', 0], ['TTIN', 'ANSWERED', 2]]);
    // The draft itself is untouched: still its one version of its one file.
    expect(await count('select count(*) as n from document_file where document_id = ?', [raw(documentId)])).toBe(1);
    // The drafter does not comment on their own draft.
    expect((await consult('commentOnDraft', { id: consultationId, text: 'Tự góp ý' }, 'specialist')).userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
  });

  it('holds the draft: no compilation while a unit is pending, no submission while the consultation is open', async () => {
    const before = await writtenRows();
    const compiled = await consult('compileConsultation', { id: consultationId, fileId: await upload('specialist', 'du-thao-2-som') }, 'specialist');
    expect(compiled.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    const submitted = await step('submitOutgoingDocument', { id: documentId }, 'specialist');
    expect(submitted.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    expect(submitted.userErrors[0]!.message).toContain('tổng hợp ý kiến góp ý');
    expect(await writtenRows()).toEqual(before);
  });

  it('reminds the late unit once by the job, refuses its comment after the deadline, then records it as not answering', async () => {
    await app.server.jobs!.runNow('consultation-sweep');
    await expect.poll(() => notices('REMINDER', ids.legalAppraiser!), { timeout: 15_000 }).toBe(1);
    // Those who answered are not reminded.
    expect(await notices('REMINDER', ids.oneStopDesk!)).toBe(0);
    const pc = (await readConsultation(consultationId, 'specialist')).participants.find((participant: any) => participant.unit.code === 'PC');
    expect(pc).toMatchObject({ answer: 'PENDING', noAnswerAt: null });
    expect(pc.remindedAt).not.toBeNull();

    const { deadline } = await readConsultation(consultationId, 'specialist');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(deadline).getTime() - Date.now() + 200)));
    const before = await writtenRows();
    const late = await consult('commentOnDraft', { id: consultationId, text: 'Phòng Pháp chế góp ý muộn.' }, 'legalAppraiser');
    expect(late.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: 'Đã hết hạn góp ý cho dự thảo.' }]);
    expect(await writtenRows()).toEqual(before);

    await app.server.jobs!.runNow('consultation-sweep');
    await expect.poll(async () => (await readConsultation(consultationId, 'specialist')).participants.find((participant: any) => participant.unit.code === 'PC').answer, { timeout: 15_000 }).toBe('NO_ANSWER');
    await expect.poll(() => notices('OVERDUE', ids.specialist!), { timeout: 15_000 }).toBe(1);
    // Swept again, directly and by the job: nothing more.
    expect(await sweepConsultations(app.db.orm)).toEqual({ reminded: 0, noAnswer: 0 });
    await app.server.jobs!.runNow('consultation-sweep');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await notices('REMINDER', ids.legalAppraiser!)).toBe(1);
    expect(await notices('OVERDUE', ids.specialist!)).toBe(1);
  });

  it('lets only the drafter compile the comments, into version 2 of the file', async () => {
    const before = await writtenRows();
    const refused = await consult('compileConsultation', { id: consultationId, fileId: await upload('unitHead', 'du-thao-truong-phong') }, 'unitHead');
    expect(refused.userErrors).toEqual([{ field: ['input', 'id'], code: 'NOT_ALLOWED', message: 'Chỉ người soạn thảo dự thảo được thực hiện bước này.' }]);
    expect(await writtenRows()).toEqual(before);

    const compiled = await consultOk('compileConsultation', { id: consultationId, fileId: await upload('specialist', 'du-thao-2'), note: 'Tiếp thu ý kiến Nhóm Thông tin và Bộ phận Một cửa.' }, 'specialist');
    expect(compiled).toMatchObject({ status: 'COMPILED', compiledVersion: 2, compilationNote: 'Tiếp thu ý kiến Nhóm Thông tin và Bộ phận Một cửa.' });
    expect(compiled.comments).toHaveLength(3);
    const files = await app.gql('query ($id: ID!) { node(id: $id) { ... on Document { files { attachmentNo version file { fileName } versions { version } } } } }', { id: documentId }, tokens.specialist);
    expect(files.data?.node.files).toEqual([{ attachmentNo: 1, version: 2, file: { fileName: 'du-thao-2.pdf' }, versions: [{ version: 1 }, { version: 2 }] }]);
    expect((await consult('commentOnDraft', { id: consultationId, text: 'Sau khi tổng hợp' }, 'informationLead')).userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
  });

  it('consults a person on version 2 in working days; the comments of each version stay with it', async () => {
    const round = await consultOk('consultOnDraft', { documentId, accountIds: [ids.informationLead], workingDays: 2 }, 'specialist');
    expect(round).toMatchObject({ fileVersion: 2, participants: [{ account: { username: DEMO.informationLead }, unit: null, answer: 'PENDING' }] });
    expect(new Date(round.deadline).getTime()).toBeGreaterThan(Date.now() + 3600_000);
    // Any member of TTIN does not answer for a person consulted by name.
    expect((await consult('commentOnDraft', { id: round.id, text: 'Thay mặt' }, 'mailboxReader')).userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);
    const answered = await consultOk('commentOnDraft', { id: round.id, text: 'Nhất trí với phiên bản 2.' }, 'informationLead');
    expect(answered.comments).toEqual([{ author: { username: DEMO.informationLead }, unit: null, attachmentNo: 1, fileVersion: 2, text: 'Nhất trí với phiên bản 2.' }]);
    const compiled = await consultOk('compileConsultation', { id: round.id, fileId: await upload('specialist', 'du-thao-3') }, 'specialist');
    expect(compiled.compiledVersion).toBe(3);
    const all = await app.gql('query ($id: ID!) { node(id: $id) { ... on Document { consultations { fileVersion compiledVersion comments { fileVersion } } } } }', { id: documentId }, tokens.specialist);
    expect(all.data?.node.consultations).toEqual([
      { fileVersion: 2, compiledVersion: 3, comments: [{ fileVersion: 2 }] },
      { fileVersion: 1, compiledVersion: 2, comments: [{ fileVersion: 1 }, { fileVersion: 1 }, { fileVersion: 1 }] },
    ]);
  });

  it('refers a disagreement with the appraisal to the signer, who decides; the decision is kept', async () => {
    const REFERRAL = 'id status appraisalText drafterPosition decision decisionText decidedAt signer { username } appraiser { username } drafter { username }';
    const refer = (input: Record<string, unknown>, who: string) =>
      app.gql(`mutation ($input: ReferDisagreementInput!) { referDisagreement(input: $input) { referral { ${REFERRAL} } userErrors { field code message } } }`, { input }, tokens[who]);
    const decide = (input: Record<string, unknown>, who: string) =>
      app.gql(`mutation ($input: DecideDisagreementInput!) { decideDisagreement(input: $input) { referral { ${REFERRAL} } userErrors { field code message } } }`, { input }, tokens[who]);

    // No appraisal yet: nothing to disagree with.
    expect((await refer({ documentId, position: 'Giữ nguyên Điều 3.' }, 'specialist')).data?.referDisagreement.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    expect((await step('submitOutgoingDocument', { id: documentId }, 'specialist')).userErrors).toEqual([]);
    expect((await step('forwardOutgoingDocument', { id: documentId, assigneeId: ids.leader }, 'unitHead')).document?.status).toBe('IN_APPRAISAL');
    expect((await step('returnOutgoingDocument', { id: documentId, comment: 'Điều 3 trái thẩm quyền ban hành: đề nghị bỏ.' }, 'legalAppraiser')).document?.status).toBe('DRAFT');

    const before = await writtenRows();
    expect((await refer({ documentId, position: 'Giữ' }, 'unitHead')).data?.referDisagreement.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect((await refer({ documentId, position: '  ' }, 'specialist')).data?.referDisagreement.userErrors).toMatchObject([{ field: ['input', 'position'], code: 'REQUIRED' }]);
    expect(await writtenRows()).toEqual(before);

    const referred = (await refer({ documentId, position: 'Điều 3 đúng thẩm quyền theo Luật Tổ chức chính quyền địa phương.' }, 'specialist')).data?.referDisagreement;
    expect(referred.userErrors).toEqual([]);
    expect(referred.referral).toMatchObject({
      status: 'REFERRED',
      appraisalText: 'Điều 3 trái thẩm quyền ban hành: đề nghị bỏ.',
      signer: { username: DEMO.leader },
      appraiser: { username: DEMO.legalAppraiser },
      drafter: { username: DEMO.specialist },
      decision: null,
    });
    // Undecided, it holds the submission.
    expect((await step('submitOutgoingDocument', { id: documentId }, 'specialist')).userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    // Only the signer decides: the drafter and the unit head may not; the confidential clerk does not even see it.
    expect((await decide({ id: referred.referral.id, decision: 'DRAFTING_UNIT', text: 'Tự quyết' }, 'specialist')).data?.decideDisagreement.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect((await decide({ id: referred.referral.id, decision: 'DRAFTING_UNIT', text: 'Tự quyết' }, 'unitHead')).data?.decideDisagreement.userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect((await decide({ id: referred.referral.id, decision: 'APPRAISAL', text: 'x' }, 'confidentialClerk')).data?.decideDisagreement.userErrors).toMatchObject([{ code: 'NOT_FOUND' }]);
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: referred.referral.id }, tokens.confidentialClerk)).data?.node).toBeNull();

    const decided = (await decide({ id: referred.referral.id, decision: 'DRAFTING_UNIT', text: 'Giữ Điều 3 như đơn vị soạn thảo đề xuất.' }, 'leader')).data?.decideDisagreement;
    expect(decided.userErrors).toEqual([]);
    expect(decided.referral).toMatchObject({ status: 'DECIDED', decision: 'DRAFTING_UNIT', decisionText: 'Giữ Điều 3 như đơn vị soạn thảo đề xuất.' });
    expect((await decide({ id: referred.referral.id, decision: 'APPRAISAL', text: 'Đổi ý' }, 'leader')).data?.decideDisagreement.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    // Kept, on the draft, for those who see it.
    const kept = await app.gql('query ($id: ID!) { node(id: $id) { ... on Document { referrals { decision decisionText appraisalText drafterPosition } } } }', { id: documentId }, tokens.legalAppraiser);
    expect(kept.data?.node.referrals).toEqual([
      { decision: 'DRAFTING_UNIT', decisionText: 'Giữ Điều 3 như đơn vị soạn thảo đề xuất.', appraisalText: 'Điều 3 trái thẩm quyền ban hành: đề nghị bỏ.', drafterPosition: 'Điều 3 đúng thẩm quyền theo Luật Tổ chức chính quyền địa phương.' },
    ]);
    expect(await count("select count(*) as n from audit_entry where action = 'draft_referral.decided'")).toBe(1);
    // Decided, the draft goes on.
    expect((await step('submitOutgoingDocument', { id: documentId }, 'specialist')).userErrors).toEqual([]);
  });
});

describe('internal notes without a number and emergency sending (seed 000 Art. 9 §5-6)', () => {
  const DOCUMENT = 'id status numberNotation registerNumber unnumbered sentFirstAt registeredLate';
  async function move(mutation: string, input: Record<string, unknown>, who: string) {
    const response = await app.gql(`mutation ($input: OutgoingStepInput!) { ${mutation}(input: $input) { document { ${DOCUMENT} } userErrors { field code message } } }`, { input }, tokens[who]);
    expect(response.errors, `${mutation} by ${who}`).toBeUndefined();
    return response.data![mutation] as { document: any; userErrors: { field: string[] | null; code: string; message: string }[] };
  }
  async function approved(kind: string, subject: string): Promise<string> {
    const created = await app.gql('mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { document { id } userErrors { code } } }', { input: { kind, subject } }, tokens.specialist);
    const id = created.data!.createOutgoingDraft.document.id;
    expect((await move('submitOutgoingDocument', { id }, 'specialist')).userErrors).toEqual([]);
    expect((await move('forwardOutgoingDocument', { id, assigneeId: ids.leader }, 'unitHead')).userErrors).toEqual([]);
    expect((await move('approveOutgoingDocument', { id }, 'leader')).document.status).toBe('APPROVED');
    return id;
  }
  const documentRow = (id: string) => sql('select status, number, register_id, register_number, unnumbered, sent_first_at, registered_late from document where id = ?', [raw(id)]).then((rows) => rows[0]);

  it('sends an internal note to units of the organisation without a number, and refuses what it may not be', async () => {
    const note = await approved('CONG_VAN', 'Công văn nội bộ về lịch trực Tết');
    const before = await documentRow(note);
    expect((await move('issueOutgoingDocument', { id: note, withoutNumber: true }, 'clerk')).userErrors).toMatchObject([{ field: ['input', 'toUnitIds'], code: 'REQUIRED' }]);
    const outside = await move('issueOutgoingDocument', { id: note, withoutNumber: true, toUnitIds: [units.TTIN], sendToOrganisationIds: [toGlobalId('Organisation', randomUUID())] }, 'clerk');
    expect(outside.userErrors).toMatchObject([{ field: ['input', 'sendToOrganisationIds'], code: 'INVALID' }]);
    const decision = await approved('QUYET_DINH', 'Quyết định cần số');
    expect((await move('issueOutgoingDocument', { id: decision, withoutNumber: true, toUnitIds: [units.TTIN] }, 'clerk')).userErrors).toMatchObject([{ field: ['input', 'withoutNumber'], code: 'INVALID' }]);
    expect(await documentRow(note)).toEqual(before);
    // The head of TTIN does not see the approved note before it is sent.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: note }, tokens.informationLead)).data?.node).toBeNull();

    const sent = await move('issueOutgoingDocument', { id: note, withoutNumber: true, toUnitIds: [units.TTIN] }, 'clerk');
    expect(sent.userErrors).toEqual([]);
    expect(sent.document).toMatchObject({ status: 'ISSUED', numberNotation: null, registerNumber: null, unnumbered: true, registeredLate: false });
    expect(await documentRow(note)).toMatchObject({ status: 'ISSUED', number: null, register_id: null, register_number: null, unnumbered: true });
    // The receiving unit's head now reads it.
    expect((await app.gql('query ($id: ID!) { node(id: $id) { ... on Document { id subject } } }', { id: note }, tokens.informationLead)).data?.node).toEqual({ id: note, subject: 'Công văn nội bộ về lịch trực Tết' });
  });

  it('lets the drafter send an approved document first in an emergency; the clerk registers it afterwards and the register shows it late', async () => {
    const urgent = await approved('CONG_VAN', 'Công văn hỏa tốc về phòng chống bão');
    const before = await documentRow(urgent);
    expect((await move('sendOutgoingFirst', { id: urgent }, 'specialist')).userErrors).toMatchObject([{ field: ['input', 'comment'], code: 'REQUIRED' }]);
    expect((await move('sendOutgoingFirst', { id: urgent, comment: 'Bão đổ bộ' }, 'unitHead')).userErrors).toMatchObject([{ code: 'NOT_ALLOWED' }]);
    expect(await documentRow(urgent)).toEqual(before);

    const sent = await move('sendOutgoingFirst', { id: urgent, comment: 'Bão đổ bộ trong đêm, cần gửi ngay các xã ven biển.' }, 'specialist');
    expect(sent.userErrors).toEqual([]);
    expect(sent.document).toMatchObject({ status: 'APPROVED', numberNotation: null, registeredLate: false });
    expect(sent.document.sentFirstAt).not.toBeNull();
    expect((await move('sendOutgoingFirst', { id: urgent, comment: 'Lần nữa' }, 'specialist')).userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);

    const ordinary = await approved('CONG_VAN', 'Công văn thường');
    expect((await move('issueOutgoingDocument', { id: ordinary }, 'clerk')).document).toMatchObject({ status: 'ISSUED', registeredLate: false });
    const registered = await move('issueOutgoingDocument', { id: urgent }, 'clerk');
    expect(registered.userErrors).toEqual([]);
    expect(registered.document).toMatchObject({ status: 'ISSUED', registeredLate: true });
    expect(registered.document.numberNotation).toMatch(/^\d+\/SCT-/);

    const registers = (await app.gql('{ registers { id code direction confidential } }', {}, tokens.clerk)).data!.registers;
    const outgoing = registers.find((register: any) => register.direction === 'OUTGOING' && !register.confidential);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const book = await app.gql('query ($id: ID!, $d: LocalDate!) { registerBook(registerId: $id, from: $d, to: $d) { rows { numberNotation subject late notes } } }', { id: outgoing.id, d: today }, tokens.clerk);
    expect(book.errors).toBeUndefined();
    const rows = book.data!.registerBook.rows;
    expect(rows.find((row: any) => row.subject === 'Công văn hỏa tốc về phòng chống bão')).toMatchObject({ late: true, numberNotation: registered.document.numberNotation });
    expect(rows.find((row: any) => row.subject === 'Công văn hỏa tốc về phòng chống bão').notes).toContain('Vào sổ sau khi người soạn thảo đã gửi gấp');
    expect(rows.find((row: any) => row.subject === 'Công văn thường')).toMatchObject({ late: false, notes: null });
    // The internal note without a number is in no register.
    expect(rows.find((row: any) => row.subject === 'Công văn nội bộ về lịch trực Tết')).toBeUndefined();
    const csv = await fetch(`${new URL(app.url).origin}/registers/${outgoing.id}/book.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
    expect(await csv.text()).toContain('Vào sổ sau khi người soạn thảo đã gửi gấp');
  });
});
