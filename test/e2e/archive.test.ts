import { createHash, createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import { archiveRecordPolicy, destructionListPolicy, handOverListPolicy } from '../../src/areas/archive/archive-policy.ts';
import { ArchiveRecord, DestructionList, HandOverList } from '../../src/areas/archive/archive.ts';
import { authenticate } from '../../src/areas/accounts/sign-in.ts';
import type { RecordPolicy } from '../../src/core/policy.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { DEMO, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * Handing work files to the archive (issue 21 §5; seed 004 Art. 16) over HTTP: a closed work file
 * put on a hand-over list, returned once by the archive officer and accepted; from then on read-only
 * for everyone; exported as a ZIP package whose every hash this test recomputes itself (read with
 * yauzl, written by the server with yazl) and whose manifest signature openssl checks; its
 * retention over, proposed for destruction, destroyed only once a leader approved the list. Who is
 * outside (another unit's specialist, another organisation) sees none of it.
 */
let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
const tokens = people.tokens;
let base = '';
let closedFile = '';
let openFile = '';
let listId = '';
let recordId = '';
let destructionId = '';
let outgoingId = '';
let incomingId = '';
const uploaded: Record<string, Buffer> = {};

async function sql<T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute(query, params as never[]) as Promise<T[]>;
}
const count = async (table: string) => Number((await sql<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
const raw = (globalId: string) => fromGlobalId(globalId)!.id;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function pdf(text: string, pages = 1): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let page = 0; page < pages; page += 1) document.addPage([595, 842]).drawText(`${text} ${page + 1}`, { x: 50, y: 700 });
  return Buffer.from(await document.save());
}

async function mutation(name: string, type: string, input: Record<string, unknown>, who: string, selection: string) {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, tokens[who]);
  expect(response.errors, name).toBeUndefined();
  return response.data![name] as Record<string, any> & { userErrors: { field: string[] | null; code: string; message: string }[] };
}

const LIST = 'handOverList { id title status returnReason workFileCount viewerCanEdit viewerCanCheck creator { username } checkedBy { username } entries { ordinal workFileId code title retention { years label } startDate endDate } }';
const hand = (name: string, type: string, input: Record<string, unknown>, who: string) => mutation(name, type, input, who, LIST);
const DESTRUCTION = 'destructionList { id status reason decisionNote decidedBy { username } records { id status code } }';
const destruction = (name: string, type: string, input: Record<string, unknown>, who: string) => mutation(name, type, input, who, DESTRUCTION);

const download = (url: string, who: string | null) => fetch(`${base}${url}`, { headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });

/** Every entry of a ZIP, read by yauzl (an independent reader: the server writes with yazl). */
function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The archive officer's role opens every archived document: an IT officer proposes it, a leader confirms it (a sealed role). */
async function makeArchivist(itOfficer: string, leader: string, accountId: string): Promise<void> {
  const proposed = await ok(app, itOfficer, 'setAccountRoles', 'SetAccountRolesInput', { id: accountId, roles: ['CLERK', 'ARCHIVIST'] }, 'account { roles } rightsGrant { id }');
  expect(proposed.account.roles).toEqual(['CLERK']);
  await ok(app, leader, 'confirmRightsGrant', 'DecideRightsGrantInput', { id: proposed.rightsGrant.id }, 'rightsGrant { id }');
}

async function workFile(input: Record<string, unknown>): Promise<string> {
  return (await ok(app, tokens.specialist!, 'openWorkFile', 'OpenWorkFileInput', input, 'workFile { id }')).workFile.id;
}

beforeAll(async () => {
  app = await startSignedIn(people, { otherOrganisation: true });
  base = app.url.replace(/\/graphql$/, '');
  // Another unit's specialist: of the organisation, outside the matter.
  tokens.outsider = await app.login(DEMO.mailboxReader);
  // The office's clerk is made the archive officer too; roles count from the next sign-in.
  const clerkId = (await app.gql('{ me { id } }', {}, tokens.clerk)).data!.me.id;
  await makeArchivist(tokens.itOfficer!, tokens.leader!, clerkId);
  tokens.archivist = await app.login(DEMO.clerk);

  // The organisation signs: its CA, the leader's certificate and its own (the seal).
  expect((await app.gql('mutation { createSigningAuthority { userErrors { code } } }', {}, tokens.itOfficer)).data?.createSigningAuthority.userErrors).toEqual([]);
  await ok(app, tokens.itOfficer!, 'issueSigningCertificate', 'IssueSigningCertificateInput', { kind: 'SIGNER', holderId: people.ids.leader, validDays: 365 }, 'certificate { id }');
  await ok(app, tokens.itOfficer!, 'issueSigningCertificate', 'IssueSigningCertificateInput', { kind: 'ORGANISATION', validDays: 365 }, 'certificate { id }');

  // An outgoing document, signed by the leader and issued with the agency's signature.
  uploaded.outgoing = await pdf('Quyet dinh', 2);
  const outgoingUpload = await app.upload(tokens.specialist!, uploaded.outgoing, 'quyet-dinh.pdf');
  expect(outgoingUpload.status).toBe(201);
  const step = (name: string, input: Record<string, unknown>, who: string) =>
    ok(app, tokens[who]!, name, name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput', input, 'document { id status }');
  outgoingId = (await step('createOutgoingDraft', { kind: 'QUYET_DINH', subject: 'Quyết định thành lập đoàn kiểm tra', pageCount: 2, fileIds: [outgoingUpload.body.id] }, 'specialist')).document.id;
  await step('submitOutgoingDocument', { id: outgoingId }, 'specialist');
  await step('forwardOutgoingDocument', { id: outgoingId }, 'unitHead');
  await step('approveOutgoingDocument', { id: outgoingId }, 'leader');
  const signed = await fetch(`${base}/signatures/sign`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.leader}` },
    body: JSON.stringify({ documentId: outgoingId, page: 2, x: 330, y: 90, width: 220, height: 50 }),
  });
  expect(((await signed.json()) as { userErrors: unknown[] }).userErrors).toEqual([]);
  expect((await step('issueOutgoingDocument', { id: outgoingId }, 'clerk')).document.status).toBe('ISSUED');

  // An incoming document with its scan, handed to the specialist.
  uploaded.incoming = await pdf('Cong van den');
  const incomingUpload = await app.upload(tokens.clerk!, uploaded.incoming, 'cong-van-den.pdf');
  incomingId = (await registerIncoming(app, tokens.clerk!, { issuingOrgan: 'Sở Nội vụ', subject: 'Đề nghị kiểm tra', handedToAccountIds: [people.ids.specialist], fileIds: [incomingUpload.body.id] }, 'SNV-VP')).id;

  // A matter of 2015, kept 5 years: its retention ended on 2021-01-01.
  closedFile = await workFile({ code: '2015.QLTM.07', title: 'Hồ sơ kiểm tra kinh doanh xăng dầu', retention: { years: 5 }, startDate: '2015-03-02' });
  for (const documentId of [incomingId, outgoingId]) await ok(app, tokens.specialist!, 'linkDocumentToWorkFile', 'WorkFileDocumentInput', { workFileId: closedFile, documentId }, 'workFile { id }');
  await ok(app, tokens.specialist!, 'closeWorkFile', 'CloseWorkFileInput', { id: closedFile, endDate: '2015-12-18' }, 'workFile { status }');
  openFile = await workFile({ code: '2026.QLTM.99', title: 'Hồ sơ đang giải quyết', retention: { permanent: true } });
}, 120_000);
afterAll(() => app?.close());

describe('handing work files to the archive', () => {
  it('refuses an open work file with a clear userError and writes nothing', async () => {
    const refused = await hand('createHandOverList', 'CreateHandOverListInput', { title: 'Nộp lưu năm 2015', workFileIds: [closedFile, openFile] }, 'specialist');
    expect(refused.handOverList).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ['input', 'workFileIds', '1'], code: 'INVALID_STATE', message: expect.stringContaining('2026.QLTM.99 đang mở') }]);
    expect(await count('hand_over_list')).toBe(0);
    expect(await count('hand_over_item')).toBe(0);
    // Only the specialist who keeps a file hands it over.
    const notTheirs = await hand('createHandOverList', 'CreateHandOverListInput', { title: 'Nộp thay', workFileIds: [closedFile] }, 'unitHead');
    expect(notTheirs.userErrors[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await count('hand_over_list')).toBe(0);
  });

  it('puts the closed file on a draft list that the archive does not see yet', async () => {
    const created = await hand('createHandOverList', 'CreateHandOverListInput', { title: 'Nộp lưu năm 2015', workFileIds: [closedFile] }, 'specialist');
    expect(created.userErrors).toEqual([]);
    expect(created.handOverList).toMatchObject({
      status: 'DRAFT',
      workFileCount: 1,
      viewerCanEdit: true,
      viewerCanCheck: false,
      creator: { username: DEMO.specialist },
      entries: [{ ordinal: 1, workFileId: closedFile, code: '2015.QLTM.07', retention: { years: 5, label: '5 năm' }, startDate: '2015-03-02', endDate: '2015-12-18' }],
    });
    listId = created.handOverList.id;
    const read = (who: string) => app.gql('query ($id: ID!) { handOverList(id: $id) { id } handOverLists { totalCount } }', { id: listId }, tokens[who]);
    expect((await read('unitHead')).data?.handOverLists.totalCount).toBe(1);
    for (const who of ['archivist', 'outsider', 'otherSpecialist']) {
      const answer = await read(who);
      expect(answer.data?.handOverList, who).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code, who).toBe('NOT_FOUND');
    }
    expect((await hand('addWorkFileToHandOverList', 'HandOverListFileInput', { listId, workFileId: closedFile }, 'specialist')).userErrors[0]).toMatchObject({ code: 'DUPLICATE' });
  });

  it('is submitted, returned once with the reason (and the specialist told), corrected and accepted', async () => {
    expect((await hand('acceptHandOverList', 'HandOverListIdInput', { id: listId }, 'archivist')).userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    expect((await hand('submitHandOverList', 'HandOverListIdInput', { id: listId }, 'specialist')).handOverList).toMatchObject({ status: 'SUBMITTED', viewerCanEdit: false });
    // Submitted: the file is not reopened behind the archive's back.
    const reopen = await mutation('reopenWorkFile', 'ReopenWorkFileInput', { id: closedFile, reason: 'Bổ sung' }, 'unitHead', 'workFile { status }');
    expect(reopen.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.stringContaining('mục lục hồ sơ nộp lưu') }]);
    expect((await hand('acceptHandOverList', 'HandOverListIdInput', { id: listId }, 'specialist')).userErrors[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    const listed = await app.gql('{ handOverLists(status: SUBMITTED) { totalCount nodes { id viewerCanCheck } } }', {}, tokens.archivist);
    expect(listed.data?.handOverLists).toEqual({ totalCount: 1, nodes: [{ id: listId, viewerCanCheck: true }] });

    expect((await hand('returnHandOverList', 'ReturnHandOverListInput', { id: listId, reason: '  ' }, 'archivist')).userErrors[0]).toMatchObject({ code: 'REQUIRED', field: ['input', 'reason'] });
    const returned = await hand('returnHandOverList', 'ReturnHandOverListInput', { id: listId, reason: 'Thiếu bản scan công văn đến, đề nghị kiểm tra lại' }, 'archivist');
    expect(returned.handOverList).toMatchObject({ status: 'RETURNED', returnReason: 'Thiếu bản scan công văn đến, đề nghị kiểm tra lại', checkedBy: { username: DEMO.clerk } });
    expect((await hand('acceptHandOverList', 'HandOverListIdInput', { id: listId }, 'archivist')).userErrors[0]).toMatchObject({ code: 'INVALID_STATE' });

    expect((await hand('submitHandOverList', 'HandOverListIdInput', { id: listId }, 'specialist')).handOverList.status).toBe('SUBMITTED');
    const accepted = await hand('acceptHandOverList', 'HandOverListIdInput', { id: listId }, 'archivist');
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.handOverList.status).toBe('ACCEPTED');
    const notices = await sql<{ kind: string; text: string }>(
      'select n.kind, n.text from notice n join notice_delivery d on d.notice_id = n.id where d.account_id = ? and n.kind = ? order by n.created_at',
      [raw(people.ids.specialist!), 'ARCHIVE_HANDOVER'],
    );
    expect(notices.map((notice) => notice.text)).toEqual([expect.stringContaining('bị trả lại: Thiếu bản scan'), expect.stringContaining('đã được lưu trữ cơ quan tiếp nhận (1 hồ sơ)')]);
    const noticeRead = await app.gql('{ myNotices(first: 5) { nodes { kind text } } }', {}, tokens.specialist);
    expect(noticeRead.errors).toBeUndefined();
    expect(noticeRead.data?.myNotices.nodes.filter((notice: { kind: string }) => notice.kind === 'ARCHIVE_HANDOVER')).toHaveLength(2);
  });

  it('makes the accepted work file read-only for everyone: every change through workfiles answers a userError, nothing written', async () => {
    const before = await sql('select * from work_file where id = ?', [raw(closedFile)]);
    const links = await count('work_file_document');
    const refusal = { field: ['input', 'id'], code: 'INVALID_STATE', message: expect.stringContaining('đã nộp lưu') };
    expect((await mutation('updateWorkFile', 'UpdateWorkFileInput', { id: closedFile, title: 'Đổi tên' }, 'specialist', 'workFile { id }')).userErrors).toEqual([refusal]);
    expect((await mutation('reopenWorkFile', 'ReopenWorkFileInput', { id: closedFile, reason: 'Bổ sung' }, 'unitHead', 'workFile { id }')).userErrors).toEqual([refusal]);
    expect((await mutation('reopenWorkFile', 'ReopenWorkFileInput', { id: closedFile, reason: 'Bổ sung' }, 'leader', 'workFile { id }')).userErrors).toEqual([refusal]);
    const contents = { ...refusal, field: ['input', 'workFileId'] };
    expect((await mutation('unlinkDocumentFromWorkFile', 'WorkFileDocumentInput', { workFileId: closedFile, documentId: incomingId }, 'specialist', 'workFile { id }')).userErrors).toEqual([contents]);
    expect((await mutation('moveDocumentInWorkFile', 'MoveWorkFileDocumentInput', { workFileId: closedFile, documentId: incomingId, position: 2 }, 'specialist', 'workFile { id }')).userErrors).toEqual([contents]);
    expect(await sql('select * from work_file where id = ?', [raw(closedFile)])).toEqual(before);
    expect(await count('work_file_document')).toBe(links);
    const seen = await app.gql('query ($id: ID!) { workFile(id: $id) { status viewerCanEdit viewerCanReopen } }', { id: closedFile }, tokens.unitHead);
    expect(seen.data?.workFile).toEqual({ status: 'CLOSED', viewerCanEdit: false, viewerCanReopen: false });
  });

  it('shows the archived record to the archive officer and to who could read the file, proposed for appraisal once its retention ended; to nobody else', async () => {
    const RECORDS = '{ archiveRecords(filter: { dueForAppraisal: true }) { totalCount nodes { id code title status retentionEndsOn retentionEnded packageUrl retention { years } acceptedBy { username } workFile { id } } } }';
    const archivist = await app.gql(RECORDS, {}, tokens.archivist);
    expect(archivist.errors).toBeUndefined();
    expect(archivist.data?.archiveRecords.totalCount).toBe(1);
    const [record] = archivist.data!.archiveRecords.nodes;
    expect(record).toMatchObject({ code: '2015.QLTM.07', status: 'KEPT', retentionEndsOn: '2021-01-01', retentionEnded: true, retention: { years: 5 }, acceptedBy: { username: DEMO.clerk }, workFile: null });
    recordId = record.id;
    expect(record.packageUrl).toBe(`/archive/packages/${recordId}.zip`);
    expect((await app.gql(RECORDS, {}, tokens.specialist)).data?.archiveRecords.nodes[0]).toMatchObject({ id: recordId, workFile: { id: closedFile } });
    for (const who of ['outsider', 'otherSpecialist', 'otherLeader']) {
      expect((await app.gql(RECORDS, {}, tokens[who])).data?.archiveRecords, who).toEqual({ totalCount: 0, nodes: [] });
      const byId = await app.gql('query ($id: ID!) { node(id: $id) { id } archiveRecord(id: $id) { id } }', { id: recordId }, tokens[who]);
      expect(byId.data, who).toEqual({ node: null, archiveRecord: null });
      expect(byId.errors?.[0]?.extensions?.code, who).toBe('NOT_FOUND');
      expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: listId }, tokens[who])).data, who).toEqual({ node: null });
      expect((await app.gql('{ handOverLists { totalCount nodes { id } } }', {}, tokens[who])).data?.handOverLists, who).toEqual({ totalCount: 0, nodes: [] });
    }
  });
});

describe('the archive package', () => {
  let entries: Map<string, Buffer>;

  it('is a ZIP that only who may see the record downloads', async () => {
    const url = `/archive/packages/${recordId}.zip`;
    expect((await download(url, null)).status).toBe(401);
    for (const who of ['outsider', 'otherSpecialist', 'otherLeader']) {
      const refused = await download(url, who);
      expect(refused.status, who).toBe(404);
      expect(await refused.text()).toBe(await (await download('/archive/packages/QXJjaGl2ZVJlY29yZDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA.zip', who)).text());
    }
    expect((await download(url, 'specialist')).status).toBe(200);
    const viewsBefore = await count('document_view');
    const answer = await download(url, 'archivist');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    entries = await unzip(Buffer.from(await answer.arrayBuffer()));
    // Each package goes into its documents' access history, and the seal's key use onto the audit trail.
    const views = await sql<{ document_id: string }>('select document_id from document_view where account_id = ? order by document_id', [raw(people.ids.clerk!)]);
    expect(await count('document_view')).toBe(viewsBefore + 2);
    expect(views.map((view) => view.document_id)).toEqual(expect.arrayContaining([raw(incomingId), raw(outgoingId)]));
    const keyUses = await sql<{ n: string }>("select count(*) as n from audit_entry where action = 'signatures.key_used' and details::jsonb->>'purpose' = 'archive_package'");
    expect(Number(keyUses[0]!.n)).toBe(2);
  });

  it('holds every file in its original format, the metadata as XML and PDF, the signatures as they were, and a manifest whose every hash recomputes', async () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { files: { path: string; size: number; sha256: string }[]; workFile: { code: string } };
    expect(manifest.workFile.code).toBe('2015.QLTM.07');
    const listed = manifest.files.map((file) => file.path).sort();
    expect(listed).toEqual([...entries.keys()].filter((path) => !['manifest.json', 'manifest.json.p7s', 'chung-thu.pem'].includes(path)).sort());
    for (const file of manifest.files) {
      const bytes = entries.get(file.path)!;
      expect(sha256(bytes), file.path).toBe(file.sha256);
      expect(bytes.length, file.path).toBe(file.size);
    }
    // Original bytes, exactly as uploaded: the incoming scan first, the outgoing draft second.
    expect(entries.get('van-ban/001/tep/1-cong-van-den.pdf')).toEqual(uploaded.incoming);
    expect(entries.get('van-ban/002/tep/1-quyet-dinh.pdf')).toEqual(uploaded.outgoing);
    const kept = await sql<{ role: string; sha256: string }>('select role, sha256 from document_signature where document_id = ? order by role', [raw(outgoingId)]);
    expect(kept.map((row) => row.role)).toEqual(['AGENCY', 'LEADER']);
    expect(sha256(entries.get('van-ban/002/chu-ky/1-lanh-dao.pdf')!)).toBe(kept.find((row) => row.role === 'LEADER')!.sha256);
    expect(sha256(entries.get('van-ban/002/chu-ky/2-co-quan.pdf')!)).toBe(kept.find((row) => row.role === 'AGENCY')!.sha256);
    for (const path of ['ho-so.pdf', 'van-ban/001/thong-tin.pdf', 'van-ban/002/thong-tin.pdf']) expect(entries.get(path)!.subarray(0, 5).toString(), path).toBe('%PDF-');

    const parser = new XMLParser({ removeNSPrefix: true });
    const file = parser.parse(entries.get('ho-so.xml')!.toString('utf8')).HoSo;
    expect(file).toMatchObject({ MaHoSo: '2015.QLTM.07', TongSoVanBan: 2, ThoiGianBatDau: '2015-03-02', ThoiGianKetThuc: '2015-12-18' });
    const outgoing = parser.parse(entries.get('van-ban/002/thong-tin.xml')!.toString('utf8')).VanBan;
    expect(outgoing).toMatchObject({ MaHoSo: '2015.QLTM.07', SoThuTuTrongHoSo: 2, TenLoaiVanBan: 'Quyết định', TrichYeuNoiDung: 'Quyết định thành lập đoàn kiểm tra', SoTrang: 2, NgonNgu: 'vi', KyHieuVanBan: expect.stringMatching(/QĐ-SCT$/) });
    const incoming = parser.parse(entries.get('van-ban/001/thong-tin.xml')!.toString('utf8')).VanBan;
    expect(incoming).toMatchObject({ TenCoQuanBanHanh: 'Sở Nội vụ', TrichYeuNoiDung: 'Đề nghị kiểm tra', SoDen: expect.any(Number) });
  });

  it('is signed by the organisation: openssl verifies the detached CMS over the manifest with the organisation certificate', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vanthu-archive-'));
    writeFileSync(join(directory, 'manifest.json'), entries.get('manifest.json')!);
    writeFileSync(join(directory, 'manifest.json.p7s'), entries.get('manifest.json.p7s')!);
    const [authority] = await sql<{ certificate_pem: string }>('select certificate_pem from signing_authority');
    writeFileSync(join(directory, 'ca.pem'), authority!.certificate_pem);
    const verify = (content: string) =>
      execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(directory, 'manifest.json.p7s'), '-content', content, '-CAfile', join(directory, 'ca.pem'), '-purpose', 'any', '-out', join(directory, 'out')], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    expect(() => verify(join(directory, 'manifest.json'))).not.toThrow();
    const [organisationCertificate] = await sql<{ certificate_pem: string }>("select certificate_pem from signing_certificate where kind = 'ORGANISATION'");
    expect(entries.get('chung-thu.pem')!.toString()).toContain(organisationCertificate!.certificate_pem.trim());
    // A manifest changed by one byte no longer verifies.
    writeFileSync(join(directory, 'altered.json'), Buffer.from(entries.get('manifest.json')!.toString().replace('2015.QLTM.07', '2015.QLTM.08')));
    expect(() => verify(join(directory, 'altered.json'))).toThrow();
  });
});

describe('retention and destruction', () => {
  it('only the archive officer proposes, and only records whose retention has ended', async () => {
    const input = { title: 'Danh mục tài liệu hết giá trị năm 2026', reason: 'Hết thời hạn bảo quản 5 năm', archiveRecordIds: [recordId] };
    expect((await destruction('proposeDestructionList', 'ProposeDestructionListInput', input, 'specialist')).userErrors[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect(await count('destruction_list')).toBe(0);
    const proposed = await destruction('proposeDestructionList', 'ProposeDestructionListInput', input, 'archivist');
    expect(proposed.userErrors).toEqual([]);
    expect(proposed.destructionList).toMatchObject({ status: 'PROPOSED', records: [{ id: recordId, status: 'KEPT', code: '2015.QLTM.07' }] });
    destructionId = proposed.destructionList.id;
    expect((await destruction('proposeDestructionList', 'ProposeDestructionListInput', input, 'archivist')).userErrors[0]).toMatchObject({ code: 'DUPLICATE' });
    expect((await app.gql('{ archiveRecords(filter: { dueForAppraisal: true }) { totalCount } }', {}, tokens.archivist)).data?.archiveRecords.totalCount).toBe(0);
  });

  it('refuses to destroy before a leader approves: a clear userError, nothing removed', async () => {
    const refused = await destruction('carryOutDestructionList', 'DestructionListIdInput', { id: destructionId }, 'archivist');
    expect(refused.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: 'Danh mục tài liệu hủy chưa được lãnh đạo phê duyệt: không được hủy.' }]);
    expect(await sql('select status, destroyed_at from archive_record')).toEqual([{ status: 'KEPT', destroyed_at: null }]);
    expect((await sql('select status from destruction_list'))[0]!.status).toBe('PROPOSED');
    expect((await download(`/archive/packages/${recordId}.zip`, 'archivist')).status).toBe(200);
    expect((await destruction('decideDestructionList', 'DecideDestructionListInput', { id: destructionId, approve: true }, 'archivist')).userErrors[0]).toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await destruction('decideDestructionList', 'DecideDestructionListInput', { id: destructionId, approve: true }, 'otherLeader')).userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is seen only by the archive officers and the leaders', async () => {
    for (const who of ['specialist', 'outsider', 'otherSpecialist', 'otherLeader']) {
      const answer = await app.gql('query ($id: ID!) { destructionList(id: $id) { id } }', { id: destructionId }, tokens[who]);
      expect(answer.data, who).toEqual({ destructionList: null });
      expect(answer.errors?.[0]?.extensions?.code, who).toBe('NOT_FOUND');
      expect((await app.gql('{ destructionLists { totalCount nodes { id } } }', {}, tokens[who])).data?.destructionLists, who).toEqual({ totalCount: 0, nodes: [] });
    }
    expect((await app.gql('{ destructionLists { totalCount } }', {}, tokens.leader)).data?.destructionLists.totalCount).toBe(1);
  });

  it('destroys once a leader approved; the list and its approval stay, with no way to delete them', async () => {
    const approved = await destruction('decideDestructionList', 'DecideDestructionListInput', { id: destructionId, approve: true, note: 'Đồng ý hủy' }, 'leader');
    expect(approved.destructionList).toMatchObject({ status: 'APPROVED', decisionNote: 'Đồng ý hủy', decidedBy: { username: DEMO.leader } });
    const done = await destruction('carryOutDestructionList', 'DestructionListIdInput', { id: destructionId }, 'archivist');
    expect(done.userErrors).toEqual([]);
    expect(done.destructionList).toMatchObject({ status: 'DESTROYED', records: [{ id: recordId, status: 'DESTROYED' }] });
    expect((await download(`/archive/packages/${recordId}.zip`, 'archivist')).status).toBe(404);
    expect((await destruction('carryOutDestructionList', 'DestructionListIdInput', { id: destructionId }, 'archivist')).userErrors[0]).toMatchObject({ code: 'INVALID_STATE' });
    const kept = await app.gql('query ($id: ID!) { destructionList(id: $id) { status decidedBy { username } decidedAt destroyedAt records { status packageUrl } } }', { id: destructionId }, tokens.leader);
    expect(kept.data?.destructionList).toMatchObject({ status: 'DESTROYED', decidedBy: { username: DEMO.leader }, records: [{ status: 'DESTROYED', packageUrl: null }] });
    const mutations = (await app.gql('{ __schema { mutationType { fields { name } } } }', {}, tokens.leader)).data?.__schema.mutationType.fields.map((field: { name: string }) => field.name);
    expect(mutations.filter((name: string) => /destruction|handover|archive/i.test(name) && /delete|remove/i.test(name))).toEqual(['removeWorkFileFromHandOverList']);
    const audit = await sql<{ action: string }>("select action from audit_entry where action like 'archive.destruction.%' order by sequence");
    expect(audit.map((row) => row.action)).toEqual(['archive.destruction.proposed', 'archive.destruction.approved', 'archive.destruction.carried_out']);
  });
});

describe('an organisation without a certificate of its own', () => {
  it('seals the package with an HMAC instead, and never proposes a file kept permanently', async () => {
    // Organisation B: no CA. Its clerk becomes its archive officer.
    tokens.otherItOfficer = await app.login('ducdd.khac');
    const otherClerk = await app.login('maipt.khac');
    const otherClerkId = (await app.gql('{ me { id } }', {}, otherClerk)).data!.me.id;
    await makeArchivist(tokens.otherItOfficer, tokens.otherLeader!, otherClerkId);
    tokens.otherArchivist = await app.login('maipt.khac');
    const file = (await ok(app, tokens.otherSpecialist!, 'openWorkFile', 'OpenWorkFileInput', { code: '2020.TP.01', title: 'Hồ sơ vĩnh viễn', retention: { permanent: true }, startDate: '2020-01-06' }, 'workFile { id }')).workFile.id;
    await ok(app, tokens.otherSpecialist!, 'closeWorkFile', 'CloseWorkFileInput', { id: file, endDate: '2020-06-30' }, 'workFile { id }');
    const list = (await hand('createHandOverList', 'CreateHandOverListInput', { title: 'Nộp lưu năm 2020', workFileIds: [file] }, 'otherSpecialist')).handOverList.id;
    expect((await hand('submitHandOverList', 'HandOverListIdInput', { id: list }, 'otherSpecialist')).userErrors).toEqual([]);
    // A's archive officer does not reach B's list.
    expect((await hand('acceptHandOverList', 'HandOverListIdInput', { id: list }, 'archivist')).userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    expect((await hand('acceptHandOverList', 'HandOverListIdInput', { id: list }, 'otherArchivist')).userErrors).toEqual([]);
    const records = (await app.gql('{ archiveRecords { nodes { id retentionEndsOn retentionEnded } } }', {}, tokens.otherArchivist)).data!.archiveRecords.nodes;
    expect(records).toEqual([{ id: expect.any(String), retentionEndsOn: null, retentionEnded: false }]);
    expect((await app.gql('{ archiveRecords(filter: { dueForAppraisal: true }) { totalCount } }', {}, tokens.otherArchivist)).data?.archiveRecords.totalCount).toBe(0);
    const refused = await destruction('proposeDestructionList', 'ProposeDestructionListInput', { title: 'Hủy', reason: 'Thử', archiveRecordIds: [records[0].id] }, 'otherArchivist');
    expect(refused.userErrors).toEqual([{ field: ['input', 'archiveRecordIds', '0'], code: 'INVALID_STATE', message: 'Hồ sơ bảo quản vĩnh viễn: không được hủy.' }]);

    const answer = await download(`/archive/packages/${records[0].id}.zip`, 'otherArchivist');
    expect(answer.status).toBe(200);
    const packaged = await unzip(Buffer.from(await answer.arrayBuffer()));
    expect(packaged.has('manifest.json.p7s')).toBe(false);
    const key = process.env.SIGNING_KEY_SECRET ?? 'vanthu-development-signing-key-not-for-production';
    expect(packaged.get('manifest.json.hmac')!.toString().trim()).toBe(createHmac('sha256', key).update(packaged.get('manifest.json')!).digest('hex'));
    expect((await download(`/archive/packages/${records[0].id}.zip`, 'archivist')).status).toBe(404);
  });
});

describe('the archive policies', () => {
  it('pick the same rows as an SQL predicate and as a check of one record, for every kind of viewer', async () => {
    const POLICIES = [
      ['HandOverList', HandOverList, handOverListPolicy],
      ['ArchiveRecord', ArchiveRecord, archiveRecordPolicy],
      ['DestructionList', DestructionList, destructionListPolicy],
    ] as [string, EntityName<{ id: string }>, RecordPolicy<{ id: string }>][];
    for (const who of ['specialist', 'unitHead', 'leader', 'archivist', 'outsider', 'otherSpecialist', 'otherLeader', 'otherArchivist']) {
      const viewer = (await authenticate(app.db.orm.em.fork(), tokens[who]!)).viewer!;
      for (const [name, entity, policy] of POLICIES) {
        const all = await app.db.orm.em.fork().find(entity, {} as FilterQuery<{ id: string }>, { filters: false });
        expect(all.length, name).toBeGreaterThan(0);
        const byCheck = all.filter((row) => policy.canSee(viewer, row)).map((row) => row.id).sort();
        const byPredicate = (await app.db.orm.em.fork().find(entity, policy.visible(viewer), { filters: false })).map((row) => row.id).sort();
        expect(byPredicate, `${name} for ${who}`).toEqual(byCheck);
      }
    }
  });
});
