import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { DEMO, startTestApp, type TestApp } from '../support/app.ts';
import { ok } from '../support/flows.ts';

/**
 * The portal's public part (issue 17 §5): the look-up by receipt code and the catalogue with no
 * sign-in, showing nothing beyond what they promise; an unknown code answered exactly as a
 * malformed one; a flood from one address refused with 429 and Retry-After, counted in PostgreSQL,
 * while other addresses are served; the embeddable page and its frame-ancestors.
 */
const LIMIT = 8;
let app: TestApp;
let receiptCode = '';
let organisationId = '';
const PORTAL = 'https://dichvucong.example.gov.vn';

const LOOKUP = `query ($code: String!) { oneStopLookup(receiptCode: $code) { receiptCode status procedureName organisationName applicantName receivedAt appointmentAt finishedAt steps { stage startedAt deadline doneAt action } } }`;

/** A public request from a client address (the server trusts loopback's X-Forwarded-For). */
async function publicly(query: string, variables: Record<string, unknown>, address: string) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
}

beforeAll(async () => {
  process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = String(LIMIT);
  process.env.PORTAL_ORIGINS = `${PORTAL}, http://localhost:5173`;
  app = await startTestApp({ server: { trustedProxies: 'loopback' } });
  const itOfficer = await app.login(DEMO.itOfficer);
  const desk = await app.login(DEMO.oneStopDesk);
  const leader = await app.login(DEMO.leader);
  const organisation = (await app.gql('{ organisation { id units { id code } } }', {}, leader)).data!.organisation;
  organisationId = organisation.id;
  const unit = organisation.units.find((candidate: any) => candidate.code === 'QLTM').id;
  const saved = await ok(app, itOfficer, 'saveOneStopProcedure', 'OneStopProcedureInput', {
    code: '2.000364', name: 'Cấp giấy phép bán lẻ rượu', field: 'Lưu thông hàng hóa', handlingUnitId: unit, totalDays: 10, intakeDays: 0, unitDays: 5, unitHeadDays: 2, leaderDays: 2, returnDays: 1, fee: 1200000,
    papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }],
  }, 'procedure { id }');
  const received = await ok(app, desk, 'receiveOneStopCase', 'ReceiveOneStopCaseInput', {
    procedureId: saved.procedure.id, applicant: { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '001090000123', phone: '0912345678', email: 'an@example.vn', address: '12 Tràng Tiền' }, papers: [{ name: 'Đơn đề nghị' }],
  }, 'case { receiptCode }');
  receiptCode = received.case.receiptCode;
});
afterAll(async () => {
  delete process.env.PUBLIC_RATE_LIMIT_PER_MINUTE;
  delete process.env.PORTAL_ORIGINS;
  await app?.close();
});

describe('the public look-up', () => {
  it('answers a receipt code with no sign-in: status, steps, appointment, procedure, organisation, the name masked; nothing else', async () => {
    const { status, body } = await publicly(LOOKUP, { code: receiptCode.toLowerCase() }, '203.0.113.1');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.oneStopLookup).toMatchObject({ receiptCode, status: 'IN_PROGRESS', procedureName: 'Cấp giấy phép bán lẻ rượu', organisationName: 'Sở Công Thương (dữ liệu mẫu)', applicantName: 'N***** V** A*', finishedAt: null });
    expect(body.data.oneStopLookup.steps.map((step: any) => `${step.stage}:${step.action}`)).toEqual(['INTAKE:RECEIVED', 'UNIT:null']);
    expect(JSON.stringify(body)).not.toMatch(/001090000123|0912345678|an@example|Tràng Tiền/);
    // The public type has no field for more.
    const more = await publicly(`query ($code: String!) { oneStopLookup(receiptCode: $code) { applicant { idNumber } } }`, { code: receiptCode }, '203.0.113.1');
    expect(more.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('an unknown code is answered exactly as a malformed one', async () => {
    const unknown = await publicly(LOOKUP, { code: receiptCode.replace(/-[A-Z0-9]{4}$/, '-ZZZZ') }, '203.0.113.2');
    const another = await publicly(LOOKUP, { code: receiptCode.replace(/-(\d{4})-/, '-9999-') }, '203.0.113.2');
    const malformed = await publicly(LOOKUP, { code: '<script>' }, '203.0.113.2');
    for (const answer of [unknown, another]) {
      expect(answer.status).toBe(malformed.status);
      expect(answer.body).toEqual(malformed.body);
    }
    expect(malformed.body.data).toEqual({ oneStopLookup: null });
    expect(malformed.body.errors).toBeUndefined();
  });

  it('the public catalogue, all organisations or one', async () => {
    const all = await publicly(`{ oneStopPublicProcedures { id code name field organisationName totalDays fee papers { name required copies } } }`, {}, '203.0.113.3');
    expect(all.body.data.oneStopPublicProcedures).toEqual([
      expect.objectContaining({ code: '2.000364', organisationName: 'Sở Công Thương (dữ liệu mẫu)', totalDays: 10, fee: 1200000, papers: [{ name: 'Đơn đề nghị', required: true, copies: 1 }] }),
    ]);
    const one = await publicly(`query ($id: ID) { oneStopPublicProcedures(organisationId: $id) { code } }`, { id: organisationId }, '203.0.113.3');
    expect(one.body.data.oneStopPublicProcedures).toEqual([{ code: '2.000364' }]);
    const none = await publicly(`query ($id: ID) { oneStopPublicProcedures(organisationId: $id) { code } }`, { id: toGlobalId('Organisation', '00000000-0000-4000-8000-000000000000') }, '203.0.113.3');
    expect(none.body.data.oneStopPublicProcedures).toEqual([]);
  });

  it('a flood from one address gets 429 with Retry-After, counted in PostgreSQL, while another address is served', async () => {
    const flood = [];
    for (let index = 0; index < LIMIT + 3; index += 1) flood.push(await publicly(LOOKUP, { code: receiptCode }, '198.51.100.7'));
    expect(flood.slice(0, LIMIT).map((answer) => answer.status)).toEqual(Array(LIMIT).fill(200));
    for (const answer of flood.slice(LIMIT)) {
      expect(answer.status).toBe(429);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
      expect(answer.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(answer.body.data?.oneStopLookup ?? null).toBeNull();
    }
    const other = await publicly(LOOKUP, { code: receiptCode }, '198.51.100.8');
    expect(other.status).toBe(200);
    expect(other.body.data.oneStopLookup.receiptCode).toBe(receiptCode);
    // The count is kept where every instance reads it.
    const rows = (await app.db.orm.em.fork().execute("select key, points from public_rate_limit where key like '%198.51.100.%' order by key")) as { key: string; points: number }[];
    expect(rows).toEqual([
      { key: 'onestop:198.51.100.7', points: LIMIT + 3 },
      { key: 'onestop:198.51.100.8', points: 1 },
    ]);
  });
});

describe('the embeddable look-up page', () => {
  it('serves the page with frame-ancestors from PORTAL_ORIGINS, in Vietnamese, its script from itself', async () => {
    const base = new URL(app.url).origin;
    const page = await fetch(`${base}/public/lookup?code=${receiptCode}`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain(`frame-ancestors 'self' ${PORTAL} http://localhost:5173`);
    expect(policy).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label for="code">');
    expect(html).toContain('aria-live="polite"');
    const script = await fetch(`${base}/public/lookup.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('oneStopLookup');
    process.env.PORTAL_ORIGINS = '';
    const closed = await fetch(`${base}/public/lookup`);
    expect(closed.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('online submission by the portal (API key with portal:submit)', () => {
  const SUBMIT = `mutation ($input: SubmitOneStopApplicationInput!) { submitOneStopApplication(input: $input) { case { receiptCode status applicantName appointmentAt steps { stage action } } userErrors { field code message } } }`;
  const applicant = { kind: 'BUSINESS', name: 'Công ty TNHH Bình Minh', idNumber: '0100109106', phone: '0243826 1234', address: 'Ba Đình, Hà Nội' };

  async function keyWith(scopes: string[]): Promise<string> {
    const created = await ok(app, await app.login(DEMO.itOfficer), 'createApiKey', 'CreateApiKeyInput', { name: `Cổng dịch vụ công ${scopes.join(' ')}`, scopes }, 'secret');
    return created.secret;
  }

  it('takes in a case with the desk\'s checks, receipt code and appointment; answers it as the look-up does', async () => {
    const key = await keyWith(['portal:submit']);
    const procedures = await publicly(`{ oneStopPublicProcedures { id } }`, {}, '192.0.2.10');
    const procedureId = procedures.body.data.oneStopPublicProcedures[0].id;
    const before = Number(((await app.db.orm.em.fork().execute('select count(*) as n from one_stop_case')) as { n: string }[])[0]!.n);
    const submitted = await app.gql(SUBMIT, { input: { procedureId, applicant, papers: [{ name: 'Đơn đề nghị' }] } }, key);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitOneStopApplication.userErrors).toEqual([]);
    const record = submitted.data?.submitOneStopApplication.case;
    expect(record).toMatchObject({ status: 'IN_PROGRESS', applicantName: 'C*** t* T*** B*** M***', steps: [{ stage: 'INTAKE', action: 'RECEIVED' }, { stage: 'UNIT', action: null }] });
    const rows = (await app.db.orm.em.fork().execute('select channel, received_by_id, sequence from one_stop_case where receipt_code = ?', [record.receiptCode])) as any[];
    expect(rows).toEqual([{ channel: 'ONLINE', received_by_id: null, sequence: before + 1 }]);
    // Bad input: userErrors, nothing written.
    const missing = await app.gql(SUBMIT, { input: { procedureId, applicant, papers: [] } }, key);
    expect(missing.data?.submitOneStopApplication.userErrors).toEqual([expect.objectContaining({ code: 'MISSING_PAPER' })]);
    const badTax = await app.gql(SUBMIT, { input: { procedureId, applicant: { ...applicant, idNumber: '0100109107' }, papers: [{ name: 'Đơn đề nghị' }] } }, key);
    expect(badTax.data?.submitOneStopApplication.userErrors).toEqual([expect.objectContaining({ field: ['input', 'applicant', 'idNumber'], code: 'INVALID' })]);
    const unknown = await app.gql(SUBMIT, { input: { procedureId: 'garbage', applicant, papers: [{ name: 'Đơn đề nghị' }] } }, key);
    expect(unknown.data?.submitOneStopApplication.userErrors).toEqual([expect.objectContaining({ field: ['input', 'procedureId'], code: 'NOT_FOUND' })]);
    expect(Number(((await app.db.orm.em.fork().execute('select count(*) as n from one_stop_case')) as { n: string }[])[0]!.n)).toBe(before + 1);
  });

  it('refuses a key without the scope, a bad key, no key, and a person\'s token', async () => {
    const procedureId = (await publicly(`{ oneStopPublicProcedures { id } }`, {}, '192.0.2.11')).body.data.oneStopPublicProcedures[0].id;
    const input = { procedureId, applicant, papers: [{ name: 'Đơn đề nghị' }] };
    const statistics = await app.gql(SUBMIT, { input }, await keyWith(['statistics:read']));
    expect(statistics.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await app.gql(SUBMIT, { input }, 'vk_' + 'x'.repeat(43));
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const none = await app.gql(SUBMIT, { input }, null);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const person = await app.gql(SUBMIT, { input }, await app.login(DEMO.oneStopDesk));
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const answer of [statistics, bad, none, person]) expect(answer.data?.submitOneStopApplication ?? null).toBeNull();
  });
});
