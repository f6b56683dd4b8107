import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../src/areas/files/blob-store.ts';
import { sendDue } from '../../src/areas/interconnection/outbox.ts';
import { sweepStatuses } from '../../src/areas/interconnection/status-sweep.ts';
import { DeliveryRefused, signatureOf } from '../../src/areas/interconnection/transport.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { DEMO, signInAll, startTestApp, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';

/**
 * Issue 19 end to end: two Vanthu deployments, each on its own database and HTTP port, linked as
 * direct peers by a shared key. A issues a document with a PDF and sends it to B over edXML; B's
 * clerk registers it, the leader directs it, the specialist handles and answers it; A sees 01,
 * 03, 04, 05, 06 in that order. The same message twice is one message. A recalls; B's clerk
 * accepts; both sides show it. Hostile deliveries to the inbox route change nothing.
 */
const KEY = 'khoa-ket-noi-chung-cua-hai-so-0123456789';
const ORGAN_A = '000.00.11.H53';
const ORGAN_B = '000.00.12.H53';
const SUBJECT = 'Về việc phối hợp kiểm tra thị trường cuối năm';

interface Side {
  app: TestApp;
  store: LocalBlobStore;
  tokens: Record<string, string>;
  ids: Record<string, string>;
  inbox: string;
}
let a: Side;
let b: Side;
let draftId: string;
let copyId: string;

async function side(): Promise<Side> {
  const app = await startTestApp();
  const { tokens, ids } = await signInAll(app, DEMO);
  return { app, store: new LocalBlobStore(app.filesDir), tokens, ids, inbox: `http://127.0.0.1:${app.server.port}/interconnection/edxml` };
}

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** Each side's job run once: statuses due queued, then the outbox sent. */
async function runJobs(...sides: Side[]) {
  for (const one of sides) {
    await sweepStatuses(one.app.db.orm);
    await sendDue({ orm: one.app.db.orm, store: one.store });
  }
}

const DELIVERIES = `query ($id: ID!) { node(id: $id) { ... on Document { externalDeliveries { organId organName state latestStatus statuses { code label description at } } } } }`;
const deliveries = async () => (await a.app.gql(DELIVERIES, { id: draftId }, a.tokens.leader)).data!.node.externalDeliveries;
const QUEUE = `query ($filter: InterconnectionMessageFilter) { interconnectionMessages(first: 50, filter: $filter) { totalCount nodes { id direction kind state statusCode peerOrganId subject recallRequested attempts error } } }`;

async function issue(at: Side, input: Record<string, unknown>): Promise<string> {
  const step = (name: string, role: string, stepInput: Record<string, unknown>) =>
    ok(at.app, at.tokens[role]!, name, name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput', stepInput, 'document { id }');
  const draft = (await step('createOutgoingDraft', 'specialist', input)).document;
  await step('submitOutgoingDocument', 'specialist', { id: draft.id });
  await step('forwardOutgoingDocument', 'unitHead', { id: draft.id });
  await step('approveOutgoingDocument', 'leader', { id: draft.id });
  await step('issueOutgoingDocument', 'clerk', { id: draft.id });
  return draft.id;
}

async function link(from: Side, ownId: string, other: Side, otherId: string) {
  await ok(from.app, from.tokens.itOfficer!, 'setOrganIdentity', 'SetOrganIdentityInput', { organId: ownId, place: 'Ninh Bình' }, 'identity { organId }');
  await ok(from.app, from.tokens.itOfficer!, 'saveExternalOrgan', 'SaveExternalOrganInput', { organId: otherId, name: `Cơ quan ${otherId}`, endpointUrl: other.inbox, sharedKey: KEY }, 'organ { id direct }');
}

beforeAll(async () => {
  a = await side();
  b = await side();
  await link(a, ORGAN_A, b, ORGAN_B);
  await link(b, ORGAN_B, a, ORGAN_A);
});
afterAll(async () => {
  await a?.app.close();
  await b?.app.close();
});

describe('a document out and in', () => {
  it('A queues its issued document for B, once however often asked', async () => {
    const upload = await a.app.upload(a.tokens.specialist!, pdf('công văn phối hợp'), 'cong-van.pdf');
    expect(upload.status).toBe(201);
    draftId = await issue(a, { kind: 'CONG_VAN', subject: SUBJECT, pageCount: 2, urgency: 'KHAN', fileIds: [upload.body.id] });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const sent = await ok(a.app, a.tokens.clerk!, 'sendToExternalOrgans', 'SendToExternalOrgansInput', { documentId: draftId, organIds: [ORGAN_B] }, 'messages { id state peerOrganId }');
      expect(sent.messages).toEqual([{ id: expect.any(String), state: 'QUEUED', peerOrganId: ORGAN_B }]);
    }
    expect((await a.app.gql(QUEUE, { filter: { direction: 'OUT' } }, a.tokens.clerk)).data!.interconnectionMessages.totalCount).toBe(1);
  });

  it('the job sends it; B holds it as an incoming copy on the interconnection channel, with its file, waiting for the clerk', async () => {
    await runJobs(a);
    const arrived = (await b.app.gql('{ documents(first: 10, filter: { status: RECEIVED }) { nodes { id subject channel urgency numberNotation issuingOrgan pageCount files { file { fileName } } } } }', {}, b.tokens.clerk)).data!.documents.nodes;
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ subject: SUBJECT, channel: 'INTERCONNECTION', urgency: 'KHAN', pageCount: 2, files: [{ file: { fileName: 'cong-van.pdf' } }] });
    expect(arrived[0].numberNotation).toMatch(/^\d+\/SCT-/);
    copyId = arrived[0].id;
    const raw = await b.app.db.orm.em.fork().execute<{ raw: string }[]>(`select raw from interconnection_message where direction = 'IN' and kind = 'DOCUMENT'`);
    expect(raw[0]!.raw).toContain('<edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType>');
    expect(raw[0]!.raw).toContain(`<edXML:DocumentId>${ORGAN_A},`);
  });

  it('B answers 01 at once; A sees it on its delivery', async () => {
    await runJobs(b);
    expect(await deliveries()).toEqual([{ organId: ORGAN_B, organName: `Cơ quan ${ORGAN_B}`, state: 'SENT', latestStatus: '01', statuses: [expect.objectContaining({ code: '01', label: 'Đã đến' })] }]);
  });

  it('the same message delivered again is the same message: B makes no second copy', async () => {
    const [row] = await a.app.db.orm.em.fork().execute<{ raw: string }[]>(`select raw from interconnection_message where direction = 'OUT' and kind = 'DOCUMENT'`);
    const response = await fetch(b.inbox, { method: 'POST', headers: { 'x-edxml-from': ORGAN_A, 'x-edxml-to': ORGAN_B, 'x-edxml-signature': signatureOf(KEY, ORGAN_A, ORGAN_B, row!.raw) }, body: row!.raw });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: true, duplicate: true });
    expect((await b.app.gql('{ documents(first: 10, filter: { status: RECEIVED }) { totalCount } }', {}, b.tokens.clerk)).data!.documents.totalCount).toBe(1);
  });

  it('registered, directed, handled and answered at B: A sees 01, 03, 04, 05, 06 in order', async () => {
    await ok(b.app, b.tokens.clerk!, 'registerReceivedDocument', 'RegisterReceivedDocumentInput', { id: copyId, handedToAccountIds: [b.ids.leader] });
    await runJobs(b);
    expect((await deliveries())[0].latestStatus).toBe('03');
    const direction = await ok(b.app, b.tokens.leader!, 'directDocument', 'DirectDocumentInput', {
      documentId: copyId,
      note: 'Chị Hà chủ trì',
      assignees: [{ accountId: b.ids.specialist, role: 'LEAD', deadline: new Date(Date.now() + 5 * 86_400_000).toISOString() }],
    }, 'direction { assignments { id } }');
    await runJobs(b);
    expect((await deliveries())[0].latestStatus).toBe('04');
    await ok(b.app, b.tokens.specialist!, 'markAssignmentRead', 'AssignmentInput', { id: direction.direction.assignments[0].id }, 'assignment { id }');
    await runJobs(b);
    expect((await deliveries())[0].latestStatus).toBe('05');
    await issue(b, { kind: 'CONG_VAN', subject: 'Phúc đáp về việc phối hợp kiểm tra', replyToId: copyId });
    await runJobs(b);
    const [delivery] = await deliveries();
    expect(delivery.statuses.map((status: { code: string }) => status.code)).toEqual(['01', '03', '04', '05', '06']);
    expect(delivery.latestStatus).toBe('06');
    // A's handlers of the document (its drafter among them) were told of each.
    const notices = (await a.app.gql('{ myNotices(first: 20) { nodes { kind text document { id } } } }', {}, a.tokens.specialist)).data!.myNotices.nodes;
    const told = notices.filter((notice: { kind: string }) => notice.kind === 'DELIVERY_STATUS');
    expect(told).toHaveLength(5);
    expect(told.every((notice: { document: { id: string } }) => notice.document.id === draftId)).toBe(true);
    expect(told.some((notice: { text: string }) => notice.text.startsWith(`Cơ quan ${ORGAN_B} — Đã hoàn thành`))).toBe(true);
  });
});

describe('a recall across the link', () => {
  it("A's recall asks B (13); B's clerk sees the request", async () => {
    await ok(a.app, a.tokens.leader!, 'recallOutgoingDocument', 'RecallDocumentInput', { id: draftId, reason: 'Ban hành nhầm đối tượng' }, 'document { id status }');
    await runJobs(a);
    const waiting = (await b.app.gql(QUEUE, { filter: { recallRequested: true } }, b.tokens.clerk)).data!.interconnectionMessages.nodes;
    expect(waiting).toEqual([expect.objectContaining({ direction: 'IN', kind: 'DOCUMENT', subject: SUBJECT, recallRequested: true })]);
  });

  it('refusing needs a reason; accepting withdraws the copy at B, and A sees 15', async () => {
    const [request] = (await b.app.gql(QUEUE, { filter: { recallRequested: true } }, b.tokens.clerk)).data!.interconnectionMessages.nodes;
    const refused = await b.app.gql('mutation ($input: AnswerRecallRequestInput!) { answerRecallRequest(input: $input) { messages { id } userErrors { field code } } }', { input: { id: request.id, accept: false } }, b.tokens.clerk);
    expect(refused.data!.answerRecallRequest).toEqual({ messages: null, userErrors: [{ field: ['input', 'reason'], code: 'REQUIRED' }] });
    await ok(b.app, b.tokens.clerk!, 'answerRecallRequest', 'AnswerRecallRequestInput', { id: request.id, accept: true }, 'messages { recallRequested }');
    // Removed for everyone at B, as for a recall inside a deployment; the row stays as the record.
    expect((await b.app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: copyId }, b.tokens.leader)).data).toEqual({ node: null });
    const [row] = await b.app.db.orm.em.fork().execute<{ status: string }[]>('select status from document where id = ?', [fromGlobalId(copyId)!.id]);
    expect(row).toEqual({ status: 'WITHDRAWN' });
    await runJobs(b);
    const [delivery] = await deliveries();
    expect(delivery.latestStatus).toBe('15');
    expect(delivery.statuses.map((status: { code: string }) => status.code)).toEqual(['01', '03', '04', '05', '06', '15']);
  });
});

describe('retries, dead letters and a rejection', () => {
  let secondId: string;
  it('a peer that is down is retried later, then the message is DEAD; an IT officer queues it again and it goes', async () => {
    secondId = await issue(a, { kind: 'CONG_VAN', subject: 'Về việc cung cấp số liệu' });
    await ok(a.app, a.tokens.clerk!, 'sendToExternalOrgans', 'SendToExternalOrgansInput', { documentId: secondId, organIds: [ORGAN_B] }, 'messages { id }');
    const down = { send: async () => { throw new Error('connect ECONNREFUSED'); } };
    const now = Date.now();
    expect(await sendDue({ orm: a.app.db.orm, store: a.store }, down, new Date(now))).toEqual({ sent: 0, retried: 1, dead: 0 });
    // Not due again until its delay has passed.
    expect(await sendDue({ orm: a.app.db.orm, store: a.store }, down, new Date(now + 1000))).toEqual({ sent: 0, retried: 0, dead: 0 });
    let at = now;
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      at += 3_600_000;
      await sendDue({ orm: a.app.db.orm, store: a.store }, down, new Date(at));
    }
    const dead = (await a.app.gql(QUEUE, { filter: { state: 'DEAD' } }, a.tokens.itOfficer)).data!.interconnectionMessages.nodes;
    expect(dead).toEqual([expect.objectContaining({ kind: 'DOCUMENT', attempts: 8, error: 'connect ECONNREFUSED' })]);
    const byClerk = await a.app.gql('mutation ($input: InterconnectionMessageInput!) { retryInterconnectionMessage(input: $input) { messages { id } } }', { input: { id: dead[0].id } }, a.tokens.clerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ok(a.app, a.tokens.itOfficer!, 'retryInterconnectionMessage', 'InterconnectionMessageInput', { id: dead[0].id }, 'messages { state }');
    await runJobs(a);
    expect((await a.app.gql(QUEUE, { filter: { state: 'DEAD' } }, a.tokens.itOfficer)).data!.interconnectionMessages.totalCount).toBe(0);
  });

  it("B's clerk returns it with a reason: A sees 02 with that reason", async () => {
    const arrived = (await b.app.gql('{ documents(first: 10, filter: { status: RECEIVED }) { nodes { id subject } } }', {}, b.tokens.clerk)).data!.documents.nodes;
    const copy = arrived.find((node: { subject: string }) => node.subject === 'Về việc cung cấp số liệu');
    await ok(b.app, b.tokens.clerk!, 'returnIncomingDocument', 'ReturnIncomingDocumentInput', { id: copy.id, reason: 'Gửi nhầm cơ quan' }, 'document { status }');
    await runJobs(b);
    const [delivery] = (await a.app.gql(DELIVERIES, { id: secondId }, a.tokens.leader)).data!.node.externalDeliveries;
    expect(delivery.latestStatus).toBe('02');
    expect(delivery.statuses.map((status: { code: string; description: string }) => [status.code, status.description])).toEqual([
      ['01', 'Đã đến'],
      ['02', 'Gửi nhầm cơ quan'],
    ]);
  });

  it('a receiver refusing the message (400) makes it DEAD at once, with the reason', async () => {
    const refusing = { send: async () => { throw new DeliveryRefused('HTTP 400: Loại văn bản không có'); } };
    const thirdId = await issue(a, { kind: 'CONG_VAN', subject: 'Về việc thử từ chối' });
    await ok(a.app, a.tokens.clerk!, 'sendToExternalOrgans', 'SendToExternalOrgansInput', { documentId: thirdId, organIds: [ORGAN_B] }, 'messages { id }');
    expect(await sendDue({ orm: a.app.db.orm, store: a.store }, refusing)).toEqual({ sent: 0, retried: 0, dead: 1 });
  });

  it('a draft, a recalled document, an unknown organ or none is refused and queues nothing', async () => {
    const before = (await a.app.gql(QUEUE, { filter: { direction: 'OUT' } }, a.tokens.clerk)).data!.interconnectionMessages.totalCount;
    const draft = (await ok(a.app, a.tokens.specialist!, 'createOutgoingDraft', 'CreateOutgoingDraftInput', { kind: 'CONG_VAN', subject: 'Dự thảo' }, 'document { id }')).document;
    const send = (documentId: string, organIds: string[]) =>
      a.app.gql('mutation ($input: SendToExternalOrgansInput!) { sendToExternalOrgans(input: $input) { messages { id } userErrors { field code } } }', { input: { documentId, organIds } }, a.tokens.clerk);
    // A draft is not the clerk's to see; a recalled document is no longer issued.
    expect((await send(draft.id, [ORGAN_B])).data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'NOT_FOUND' }]);
    expect((await send(draftId, [ORGAN_B])).data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'documentId'], code: 'INVALID_STATE' }]);
    expect((await send(secondId, ['000.00.77.H53'])).data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'organIds'], code: 'NOT_FOUND' }]);
    expect((await send(secondId, [])).data!.sendToExternalOrgans.userErrors).toEqual([{ field: ['input', 'organIds'], code: 'REQUIRED' }]);
    expect((await a.app.gql(QUEUE, { filter: { direction: 'OUT' } }, a.tokens.clerk)).data!.interconnectionMessages.totalCount).toBe(before);
  });

  it("the sender's deliveries are empty for those who may not read the document", async () => {
    const seen = await a.app.gql(DELIVERIES, { id: secondId }, a.tokens.mailboxReader);
    expect(seen.data?.node?.externalDeliveries ?? []).toEqual([]);
  });
});

describe('hostile deliveries to the inbox change nothing', () => {
  const count = async () => (await b.app.db.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from interconnection_message`))[0]!.n;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(b.inbox, { method: 'POST', headers: { 'x-edxml-from': ORGAN_A, 'x-edxml-to': ORGAN_B, 'x-edxml-signature': signatureOf(KEY, ORGAN_A, ORGAN_B, body), ...headers }, body });

  it('an unsigned, badly signed or unknown-peer delivery answers 401', async () => {
    const before = await count();
    expect((await post('<a/>', { 'x-edxml-signature': '00'.repeat(32) })).status).toBe(401);
    expect((await fetch(b.inbox, { method: 'POST', body: '<a/>' })).status).toBe(401);
    expect((await post('<a/>', { 'x-edxml-from': '000.00.77.H53' })).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('an external entity, a bomb, malformed XML and a foreign schema answer 400 with the reason', async () => {
    const before = await count();
    const cases: [string, string][] = [
      [`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><Envelope><Header><Status>&e;</Status></Header></Envelope>`, 'DTD_FORBIDDEN'],
      [`<!DOCTYPE b [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Envelope>&b;</Envelope>`, 'DTD_FORBIDDEN'],
      ['<Envelope><Header>', 'NOT_WELL_FORMED'],
      ['<invoice/>', 'NOT_EDXML'],
    ];
    for (const [body, reason] of cases) {
      const response = await post(body);
      expect(response.status, reason).toBe(400);
      expect(((await response.json()) as any).error).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    }
    expect(await count()).toBe(before);
  });

  it('a well-formed document of an unknown type is refused (400), nothing of it kept, and A is told why with 02', async () => {
    const [row] = await a.app.db.orm.em.fork().execute<{ raw: string }[]>(`select raw from interconnection_message where direction = 'OUT' and kind = 'DOCUMENT' limit 1`);
    const odd = row!.raw.replace('<edXML:TypeName>Công văn</edXML:TypeName>', '<edXML:TypeName>Sắc lệnh</edXML:TypeName>').replace(/(<edXML:DocumentId>[^<]*),([^,<]*)<\/edXML:DocumentId>/, '$1,777/SCT-VP</edXML:DocumentId>');
    const before0 = await count();
    const documentsBefore = (await b.app.db.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from document`))[0]!.n;
    const response = await post(odd);
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error).toMatchObject({ reason: 'UNKNOWN_DOCUMENT_TYPE', message: expect.stringContaining('Sắc lệnh') });
    expect((await b.app.db.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from document`))[0]!.n).toBe(documentsBefore);
    const queued = await b.app.db.orm.em.fork().execute<{ status_code: string; state: string }[]>(`select status_code, state from interconnection_message where direction = 'OUT' and document_key like '%777/SCT-VP'`);
    expect(queued).toEqual([{ status_code: '02', state: 'QUEUED' }]);
    expect(await count()).toBe(String(Number(before0) + 1));
  });

  it('a status for a document B never exchanged with A is refused', async () => {
    const [row] = await a.app.db.orm.em.fork().execute<{ raw: string }[]>(`select raw from interconnection_message where direction = 'IN' and kind = 'STATUS' limit 1`);
    const forged = row!.raw.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, `<edXML:DocumentId>${ORGAN_B},2026/01/01,99/XX</edXML:DocumentId>`);
    // Sent by A to B as if about B's own document: B never sent it.
    const response = await post(forged.replace(`<edXML:OrganId>${ORGAN_B}</edXML:OrganId><edXML:OrganizationInCharge`, `<edXML:OrganId>${ORGAN_A}</edXML:OrganId><edXML:OrganizationInCharge`));
    expect(response.status).toBe(400);
  });
});

describe('the queue is for the clerks and IT officers of its organisation only (fail closed)', () => {
  it('a specialist and a leader are refused the queue; another organisation sees none of it', async () => {
    for (const role of ['specialist', 'leader', 'unitHead'] as const) {
      const response = await b.app.gql(QUEUE, {}, b.tokens[role]);
      expect(response.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const [message] = (await b.app.gql(QUEUE, {}, b.tokens.itOfficer)).data!.interconnectionMessages.nodes;
    const node = await b.app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: message.id }, b.tokens.specialist);
    expect(node.data).toEqual({ node: null });
    expect(node.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The message's id in the other deployment's organisation names nothing there.
    const elsewhere = await a.app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: message.id }, a.tokens.itOfficer);
    expect(elsewhere.data).toEqual({ node: null });
    expect(fromGlobalId(message.id)?.type).toBe('InterconnectionMessage');
  });

  it('only an IT officer sets the organ id and keeps the directory, and a peer key is never shown', async () => {
    const response = await b.app.gql('mutation { saveExternalOrgan(input: { organId: "000.00.55.H53", name: "X" }) { organ { id } userErrors { code } } }', {}, b.tokens.clerk);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await b.app.gql('mutation { saveExternalOrgan(input: { organId: "SCT", name: "X", endpointUrl: "ftp://x" }) { organ { id } userErrors { field code } } }', {}, b.tokens.itOfficer);
    expect(bad.data!.saveExternalOrgan.userErrors).toEqual([
      { field: ['input', 'organId'], code: 'INVALID' },
      { field: ['input', 'endpointUrl'], code: 'INVALID' },
      { field: ['input', 'sharedKey'], code: 'REQUIRED' },
    ]);
    const listed = await b.app.gql('{ externalOrgans(first: 10) { totalCount nodes { organId direct } } }', {}, b.tokens.specialist);
    expect(listed.data!.externalOrgans).toEqual({ totalCount: 1, nodes: [{ organId: ORGAN_A, direct: true }] });
    expect(JSON.stringify(listed)).not.toContain(KEY);
  });

  it('the directory is imported from a CSV, all rows or none, a bad row named by its line', async () => {
    const IMPORT = 'mutation ($input: ImportExternalOrgansInput!) { importExternalOrgans(input: $input) { organs { organId name } userErrors { field code } } }';
    const bad = await b.app.gql(IMPORT, { input: { csv: 'ma_dinh_danh,ten,dia_chi\n000.00.31.H53,"Sở Nội vụ, tỉnh Ninh Bình",Số 2\nSAI,Sở Y tế,\n' } }, b.tokens.itOfficer);
    expect(bad.data!.importExternalOrgans).toEqual({ organs: null, userErrors: [{ field: ['input', 'csv', '3', 'organId'], code: 'INVALID' }] });
    expect((await b.app.gql('{ externalOrgans(first: 10) { totalCount } }', {}, b.tokens.itOfficer)).data!.externalOrgans.totalCount).toBe(1);
    const unknown = await b.app.gql(IMPORT, { input: { csv: 'organId,ten,mat_khau\n000.00.31.H53,X,y\n' } }, b.tokens.itOfficer);
    expect(unknown.data!.importExternalOrgans.userErrors).toEqual([{ field: ['input', 'csv'], code: 'INVALID' }]);
    const good = await b.app.gql(IMPORT, { input: { csv: '\uFEFForganId,name,email\n000.00.31.H53,"Sở Nội vụ, tỉnh Ninh Bình",snv@ninhbinh.gov.vn\n000.00.32.H53,Sở Y tế,\n' } }, b.tokens.itOfficer);
    expect(good.data!.importExternalOrgans).toEqual({ organs: [{ organId: '000.00.31.H53', name: 'Sở Nội vụ, tỉnh Ninh Bình' }, { organId: '000.00.32.H53', name: 'Sở Y tế' }], userErrors: [] });
    const byClerk = await b.app.gql(IMPORT, { input: { csv: 'organId,name\n000.00.33.H53,X\n' } }, b.tokens.clerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
