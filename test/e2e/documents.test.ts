import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/vietnam-time.ts';
import { addOrganisation, DEMO, startTestApp, type TestApp } from '../support/app.ts';

/**
 * Incoming documents over HTTP: registration into registers with gap-free numbers, the checks of
 * Decree 30 and the seeds, duplicates, and who sees what of a confidential document.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const accountIds: Record<string, string> = {};
const today = vietnamDate(new Date());

const REGISTER = `mutation ($input: RegisterIncomingDocumentInput!) {
  registerIncomingDocument(input: $input) {
    document { id registerNumber registerYear register { code } kind { code abbreviation } numberNotation issuingOrgan
      confidentiality urgency subject handedTo { username } duplicateOf { id } viewerCanReadContent registeredLate }
    userErrors { field code message }
  }
}`;

/** Distinct numbers: a random one would now and then repeat and be held as a probable duplicate. */
let serial = 1000;
function incoming(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    kind: 'CONG_VAN',
    numberNotation: `${serial}/UBND-VP`,
    issuingOrgan: 'Ủy ban nhân dân tỉnh Bình Định',
    issuedOn: today,
    subject: 'Về việc triển khai kế hoạch chuyển đổi số năm 2027',
    ...overrides,
  };
}

async function register(token: string, input: Record<string, unknown>) {
  const response = await app.gql(REGISTER, { input }, token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.registerIncomingDocument;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.db.orm.em.fork().execute<{ n: number }[]>(`select count(*)::int as n ${sql}`, params);
  return row!.n;
}

beforeAll(async () => {
  app = await startTestApp();
  await addOrganisation(app);
  const people: [string, string][] = [...Object.entries(DEMO), ['otherOrgClerk', 'maipt.khac'], ['otherOrgLeader', 'minhnv.khac']];
  for (const [role, username] of people) {
    tokens[role] = await app.login(username);
    const me = await app.gql('{ me { id } }', {}, tokens[role]);
    accountIds[role] = me.data!.me.id;
  }
});
afterAll(() => app?.close());

describe('registering an incoming document', () => {
  it('writes it into the incoming register with the next arrival number', async () => {
    const first = await register(tokens.clerk!, incoming({ kind: 'QUYET_DINH', numberNotation: '80/QĐ-SCT', handedToAccountIds: [accountIds.specialist] }));
    expect(first.userErrors).toEqual([]);
    expect(first.document).toMatchObject({
      registerNumber: '01',
      registerYear: Number(today.slice(0, 4)),
      register: { code: 'DEN' },
      kind: { code: 'QUYET_DINH', abbreviation: 'QĐ' },
      numberNotation: '80/QĐ-SCT',
      confidentiality: 'NONE',
      urgency: 'NORMAL',
      handedTo: [{ username: DEMO.specialist }],
      viewerCanReadContent: true,
      registeredLate: false,
    });
    const second = await register(tokens.clerk!, incoming());
    expect(second.document.registerNumber).toBe('02');
  });

  it('refuses bad input with clear errors, writes nothing and spends no number', async () => {
    const before = await count('from document');
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ kind: 'DON_THU' }, ['input', 'kind'], 'INVALID_KIND'],
      [{ numberNotation: 'số 80 QĐ' }, ['input', 'numberNotation'], 'INVALID'],
      [{ issuedOn: '2999-01-01' }, ['input', 'issuedOn'], 'INVALID'],
      [{ issuedOn: today, receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }, ['input', 'receivedAt'], 'INVALID'],
      [{ subject: '   ' }, ['input', 'subject'], 'REQUIRED'],
      [{ subject: 'x'.repeat(501) }, ['input', 'subject'], 'TOO_LONG'],
      [{ issuingOrgan: 'y'.repeat(201) }, ['input', 'issuingOrgan'], 'TOO_LONG'],
      [{ category: 'DENUNCIATION' }, ['input', 'category'], 'NOT_ACCEPTED'],
      [{ category: 'COMPLAINT' }, ['input', 'category'], 'NOT_ACCEPTED'],
      [{ recallBy: today }, ['input', 'recallBy'], 'INVALID'],
      [{ replyBy: today }, ['input', 'replyBy'], 'INVALID'],
      [{ handedToAccountIds: [accountIds.otherOrgClerk] }, ['input', 'handedToAccountIds'], 'NOT_FOUND'],
    ];
    for (const [overrides, field, code] of cases) {
      const result = await register(tokens.clerk!, incoming(overrides));
      expect(result.document, JSON.stringify(overrides)).toBeNull();
      expect(result.userErrors, JSON.stringify(overrides)).toContainEqual(expect.objectContaining({ field, code }));
      for (const error of result.userErrors) expect(error.message).toMatch(/[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]/i);
    }
    expect(await count('from document')).toBe(before);
    const next = await register(tokens.clerk!, incoming());
    expect(Number(next.document.registerNumber)).toBe(before + 1);
  });

  it('lets only clerks register, and only the confidential-register clerk a classified document', async () => {
    const bySpecialist = await app.gql(REGISTER, { input: incoming() }, tokens.specialist);
    expect(bySpecialist.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const classifiedByClerk = await register(tokens.clerk!, incoming({ confidentiality: 'MAT' }));
    expect(classifiedByClerk.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
  });

  it('flags a probable duplicate and registers it only when confirmed', async () => {
    const original = await register(tokens.clerk!, incoming({ numberNotation: '12/TB-STC', issuingOrgan: 'Sở Tài chính' }));
    const again = await register(tokens.clerk!, incoming({ numberNotation: '012/tb-stc', issuingOrgan: 'SỞ TÀI CHÍNH' }));
    expect(again.document).toBeNull();
    expect(again.userErrors).toEqual([
      {
        field: ['input', 'confirmDuplicate'],
        code: 'PROBABLE_DUPLICATE',
        message: expect.stringContaining(`12/TB-STC của Sở Tài chính có thể đã được đăng ký (số đến ${original.document.registerNumber}/`),
      },
    ]);
    const confirmed = await register(tokens.clerk!, incoming({ numberNotation: '12/TB-STC', issuingOrgan: 'Sở Tài chính', confirmDuplicate: true }));
    expect(confirmed.document.duplicateOf).toEqual({ id: original.document.id });
  });

  it('gives 200 concurrent registrations exactly the numbers 1 to 200 of a fresh register', async () => {
    const otherClerk = tokens.otherOrgClerk!;
    const results = await Promise.all(Array.from({ length: 200 }, () => register(otherClerk, incoming())));
    expect(results.filter((result) => !result.document)).toEqual([]);
    const numbers = results.map((result) => Number(result.document.registerNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 60_000);

  it('returns a misrouted document to its sender with a reason', async () => {
    const { document } = await register(tokens.clerk!, incoming());
    const returned = await app.gql(
      'mutation ($input: ReturnIncomingDocumentInput!) { returnIncomingDocument(input: $input) { document { status returnReason } userErrors { code } } }',
      { input: { id: document.id, reason: 'Gửi nhầm cơ quan' } },
      tokens.clerk,
    );
    expect(returned.data?.returnIncomingDocument).toEqual({ document: { status: 'RETURNED', returnReason: 'Gửi nhầm cơ quan' }, userErrors: [] });
    const twice = await app.gql(
      'mutation ($input: ReturnIncomingDocumentInput!) { returnIncomingDocument(input: $input) { document { id } userErrors { code } } }',
      { input: { id: document.id, reason: 'Lần nữa' } },
      tokens.clerk,
    );
    expect(twice.data?.returnIncomingDocument.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
  });
});

describe('registers an administrator adds', () => {
  const CREATE = `mutation ($input: CreateRegisterInput!) { createRegister(input: $input) { register { id code name direction confidential } userErrors { field code message } } }`;
  const create = async (input: Record<string, unknown>, role = 'itOfficer') => (await app.gql(CREATE, { input }, tokens[role])).data?.createRegister;

  it('adds a register with its own series, numbered from 01', async () => {
    const added = await create({ code: 'DEN-DON', name: 'Sổ đăng ký đơn thư đến', direction: 'INCOMING' });
    expect(added).toEqual({ register: { id: expect.any(String), code: 'DEN-DON', name: 'Sổ đăng ký đơn thư đến', direction: 'INCOMING', confidential: false }, userErrors: [] });
    const listed = await app.gql('{ registers { code } }', {}, tokens.clerk);
    expect(listed.data?.registers.map((register: { code: string }) => register.code)).toContain('DEN-DON');
    const first = await register(tokens.clerk!, incoming({ registerId: added.register.id }));
    expect(first.userErrors).toEqual([]);
    expect(first.document).toMatchObject({ registerNumber: '01', register: { code: 'DEN-DON' } });
  });

  it('refuses a bad or used code or mark, a missing name and anyone but an administrator, adding nothing', async () => {
    const before = await count('from register');
    expect((await create({ code: 'den don', name: 'Sổ', direction: 'INCOMING' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'code'], code: 'INVALID' })]);
    expect((await create({ code: 'DEN', name: 'Sổ khác', direction: 'INCOMING' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'code'], code: 'DUPLICATE' })]);
    expect((await create({ code: 'DI-X', name: ' ', direction: 'OUTGOING', notationSuffix: 'X' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'name'] })]);
    // An added outgoing register needs its own notation mark, unused; an incoming one has none.
    expect((await create({ code: 'DI-X', name: 'Sổ X', direction: 'OUTGOING' })).userErrors).toEqual([expect.objectContaining({ field: ['input', 'notationSuffix'], code: 'REQUIRED' })]);
    expect((await create({ code: 'DEN-X', name: 'Sổ X', direction: 'INCOMING', notationSuffix: 'X' })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'notationSuffix'], code: 'INVALID' }),
    ]);
    expect((await create({ code: 'DI-Y', name: 'Sổ Y', direction: 'OUTGOING', notationSuffix: 'SY' })).userErrors).toEqual([]);
    expect((await create({ code: 'DI-Z', name: 'Sổ Z', direction: 'OUTGOING', notationSuffix: 'SY' })).userErrors).toEqual([
      expect.objectContaining({ field: ['input', 'notationSuffix'], code: 'DUPLICATE' }),
    ]);
    const byClerk = await app.gql(CREATE, { input: { code: 'DI-X', name: 'Sổ', direction: 'OUTGOING' } }, tokens.clerk);
    expect(byClerk.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await count('from register')).toBe(before + 1);
  });

  it('numbers only documents of its direction and level in it', async () => {
    const confidential = (await create({ code: 'DEN-MAT-2', name: 'Sổ văn bản mật đến (2)', direction: 'INCOMING', confidential: true })).register;
    const outgoing = (await create({ code: 'DI-SAO', name: 'Sổ sao văn bản', direction: 'OUTGOING', notationSuffix: 'SAO' })).register;
    const ordinaryInSecret = await register(tokens.clerk!, incoming({ registerId: confidential.id }));
    // A confidential register is not the ordinary clerk's to see: not found, as in a query.
    expect(ordinaryInSecret.userErrors).toEqual([expect.objectContaining({ field: ['input', 'registerId'], code: 'NOT_FOUND' })]);
    // Someone who keeps both kinds of register (the demo's confidential clerk is a clerk too) is told why.
    const byBoth = await register(tokens.confidentialClerk!, incoming({ registerId: confidential.id }));
    expect(byBoth.userErrors).toEqual([expect.objectContaining({ field: ['input', 'registerId'], code: 'INVALID', message: 'Sổ văn bản mật chỉ dành cho văn bản mật.' })]);
    const incomingInOutgoing = await register(tokens.clerk!, incoming({ registerId: outgoing.id }));
    expect(incomingInOutgoing.userErrors).toEqual([expect.objectContaining({ field: ['input', 'registerId'], code: 'NOT_FOUND' })]);
    // The clerk of the confidential registers sees the entry, not the subject: ask for the number only.
    const secret = await app.gql(
      'mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { registerNumber } userErrors { code } } }',
      { input: incoming({ registerId: confidential.id, confidentiality: 'MAT' }) },
      tokens.confidentialClerk,
    );
    expect(secret.data?.registerIncomingDocument).toEqual({ document: { registerNumber: '01' }, userErrors: [] });
  });
});

describe('finding documents', () => {
  it('searches without accents and by part of a number', async () => {
    const { document } = await register(tokens.clerk!, incoming({ numberNotation: '4711/CV-SKHĐT', subject: 'Công văn khẩn về phòng chống bão số 9' }));
    const search = async (text: string) =>
      (await app.gql('query ($s: String!) { documents(first: 50, filter: { search: $s }) { totalCount nodes { id } } }', { s: text }, tokens.clerk)).data!
        .documents;
    for (const text of ['cong van khan', 'CÔNG VĂN KHẨN', 'bao so 9', '4711/CV', '4711/cv-skhdt', '4711', 'CV-SKHĐT', 'phòng, chống']) {
      const found = await search(text);
      expect(found.nodes.map((node: { id: string }) => node.id), text).toContain(document.id);
    }
    expect((await search('khan cong van khong co')).totalCount).toBe(0);
    // Whole words: a piece of a word, or a number-notation not at its beginning, finds nothing.
    for (const text of ['ong van', 'cong va', '711/CV']) {
      const found = await search(text);
      expect(found.nodes.map((node: { id: string }) => node.id), text).not.toContain(document.id);
    }
  });

  it('filters by kind, urgency and registration date, with keyset pages', async () => {
    await register(tokens.clerk!, incoming({ kind: 'GIAY_MOI', numberNotation: '7/GM-UBND', urgency: 'HOA_TOC' }));
    const filtered = await app.gql(
      '{ documents(first: 10, filter: { kind: "GIAY_MOI", urgency: HOA_TOC }) { totalCount nodes { numberNotation urgency } } }',
      {},
      tokens.clerk,
    );
    expect(filtered.data?.documents).toEqual({ totalCount: 1, nodes: [{ numberNotation: '7/GM-UBND', urgency: 'HOA_TOC' }] });
    const page1 = (await app.gql('{ documents(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }', {}, tokens.clerk)).data!.documents;
    const page2 = (
      await app.gql('query ($after: String) { documents(first: 3, after: $after) { nodes { id } } }', { after: page1.pageInfo.endCursor }, tokens.clerk)
    ).data!.documents;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page2.nodes).toHaveLength(3);
    expect(page2.nodes.map((n: { id: string }) => n.id)).not.toContain(page1.nodes[0].id);
    const none = await app.gql(`{ documents(first: 5, filter: { registeredTo: "2000-01-01" }) { totalCount } }`, {}, tokens.clerk);
    expect(none.data?.documents.totalCount).toBe(0);
  });
});

describe('forged cursors', () => {
  it.each([
    ['not base64 JSON', 'garbage'],
    ['a wrong arity', Buffer.from('["x"]').toString('base64url')],
    ['a date that is not one', Buffer.from('["x","y"]').toString('base64url')],
    ['an id that is not a uuid', Buffer.from(`["${new Date().toISOString()}","y"]`).toString('base64url')],
  ])('answers %s with BAD_USER_INPUT, not a server error', async (_, cursor) => {
    const response = await app.gql('query ($after: String) { documents(first: 2, after: $after) { nodes { id } } }', { after: cursor }, tokens.clerk);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

describe('a confidential document', () => {
  let secret: { id: string; registerNumber: string };
  const numberNotation = '31/KH-CAT';
  const subject = 'Kế hoạch bảo vệ mục tiêu trọng điểm';
  const READ = `query ($id: ID!) { node(id: $id) { ... on Document { numberNotation confidentiality recallBy viewerCanReadContent subject signerName } } }`;

  beforeAll(async () => {
    // The clerk of the confidential register sees the entry only: the payload asks for no content.
    const response = await app.gql(
      `mutation ($input: RegisterIncomingDocumentInput!) {
        registerIncomingDocument(input: $input) { document { id registerNumber viewerCanReadContent } userErrors { code } }
      }`,
      {
        input: incoming({ numberNotation, subject, confidentiality: 'TOI_MAT', recallBy: today, issuingOrgan: 'Công an tỉnh', signerName: 'Trần Văn B', handedToAccountIds: [accountIds.specialist] }),
      },
      tokens.confidentialClerk,
    );
    expect(response.data?.registerIncomingDocument.userErrors).toEqual([]);
    secret = response.data!.registerIncomingDocument.document;
    expect(response.data?.registerIncomingDocument.document.viewerCanReadContent).toBe(false);
  });

  it('goes into the confidential register with its own series', async () => {
    const row = await app.db.orm.em.fork().execute<{ code: string }[]>(
      'select r.code from document d join register r on r.id = d.register_id where d.subject = ?',
      [subject],
    );
    expect(row[0]?.code).toBe('DEN-MAT');
    expect(secret.registerNumber).toBe('01');
  });

  it('never names, as a probable duplicate, a document the clerk may not see', async () => {
    const secret = await app.gql(
      'mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { userErrors { code } } }',
      { input: incoming({ numberNotation: '77/CV-CA', issuingOrgan: 'Công an tỉnh', confidentiality: 'MAT' }) },
      tokens.confidentialClerk,
    );
    expect(secret.data?.registerIncomingDocument.userErrors).toEqual([]);
    const ordinary = await register(tokens.clerk!, incoming({ numberNotation: '77/CV-CA', issuingOrgan: 'Công an tỉnh' }));
    expect(ordinary.userErrors).toEqual([]);
    expect(ordinary.document.duplicateOf).toBeNull();
  });

  type Expectation = 'content' | 'entry' | 'nothing';
  const matrix: [string, Expectation][] = [
    ['leader', 'content'],
    ['deputy', 'content'],
    ['specialist', 'content'], // the handler
    ['unitHead', 'content'], // head of the handler's unit
    ['confidentialClerk', 'entry'],
    ['clerk', 'nothing'],
    ['itOfficer', 'nothing'],
    ['informationLead', 'nothing'],
    ['otherOrgLeader', 'nothing'],
    ['otherOrgClerk', 'nothing'],
  ];

  it.each(matrix)('%s sees: %s (by id)', async (role, expected) => {
    const response = await app.gql(READ, { id: secret.id }, tokens[role]);
    if (expected === 'nothing') {
      expect(response.data).toEqual({ node: null });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
      return;
    }
    expect(response.data?.node).toMatchObject({ numberNotation, confidentiality: 'TOI_MAT', recallBy: today });
    if (expected === 'content') {
      expect(response.errors).toBeUndefined();
      expect(response.data?.node).toMatchObject({ viewerCanReadContent: true, subject, signerName: 'Trần Văn B' });
    } else {
      expect(response.data?.node).toMatchObject({ viewerCanReadContent: false, subject: null, signerName: null });
      expect(response.errors?.map((error) => [error.path?.at(-1), error.extensions?.code])).toEqual([
        ['subject', 'FORBIDDEN'],
        ['signerName', 'FORBIDDEN'],
      ]);
    }
  });

  it.each(matrix)('%s sees: %s (in lists, search and counts)', async (role, expected) => {
    const list = async (filter: Record<string, unknown>) =>
      (await app.gql('query ($f: DocumentFilter) { documents(first: 100, filter: $f) { totalCount nodes { id } } }', { f: filter }, tokens[role])).data!
        .documents;
    const ids = (page: { nodes: { id: string }[] }) => page.nodes.map((node) => node.id);
    const all = await list({ confidentiality: 'TOI_MAT' });
    const byNumber = await list({ search: '31/KH' });
    const bySubject = await list({ search: 'muc tieu trong diem' });
    expect(ids(all).includes(secret.id), 'list').toBe(expected !== 'nothing');
    expect(all.totalCount, 'count').toBe(expected === 'nothing' ? 0 : 1);
    expect(ids(byNumber).includes(secret.id), 'search by number').toBe(expected !== 'nothing');
    // The subject is searched only for those who may read it.
    expect(ids(bySubject).includes(secret.id), 'search by subject').toBe(expected === 'content');
  });

  it('is not found by a mutation of someone who may not see it, as by a query', async () => {
    const returned = await app.gql(
      'mutation ($input: ReturnIncomingDocumentInput!) { returnIncomingDocument(input: $input) { userErrors { field code } } }',
      { input: { id: secret.id, reason: 'Gửi nhầm cơ quan' } },
      tokens.clerk,
    );
    expect(returned.data?.returnIncomingDocument.userErrors).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
    const reply = await app.gql(
      'mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { document { id } userErrors { field code } } }',
      { input: { kind: 'CONG_VAN', subject: 'Trả lời', replyToId: secret.id } },
      tokens.itOfficer,
    );
    expect(reply.data?.createOutgoingDraft).toEqual({ document: null, userErrors: [{ field: ['input', 'replyToId'], code: 'NOT_FOUND' }] });
    const draft = await app.gql('mutation { createOutgoingDraft(input: { kind: "BAO_CAO", subject: "Dự thảo riêng" }) { document { id } } }', {}, tokens.specialist);
    const task = await app.gql(
      'mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id } userErrors { field code } } }',
      {
        input: { title: 'Theo dõi', assigneeAccountId: accountIds.specialist, deadline: new Date(Date.now() + 86_400_000).toISOString(), sourceDocumentId: draft.data!.createOutgoingDraft.document.id },
      },
      tokens.leader,
    );
    expect(task.data?.assignTask).toEqual({ task: null, userErrors: [{ field: ['input', 'sourceDocumentId'], code: 'NOT_FOUND' }] });
    // The same documents for those who may see them.
    const byItsHandler = await app.gql(
      'mutation ($input: CreateOutgoingDraftInput!) { createOutgoingDraft(input: $input) { userErrors { code } } }',
      { input: { kind: 'CONG_VAN', subject: 'Trả lời', replyToId: secret.id } },
      tokens.specialist,
    );
    expect(byItsHandler.data?.createOutgoingDraft.userErrors).toEqual([]);
  });

  it('keeps every view in the access history, and content reads on the audit trail', async () => {
    const history = await app.gql(
      'query ($id: ID!) { document(id: $id) { accessHistory(first: 50) { nodes { account { username } contentRead } } } }',
      { id: secret.id },
      tokens.leader,
    );
    const views = history.data?.document.accessHistory.nodes as { account: { username: string }; contentRead: boolean }[];
    expect(views).toContainEqual({ account: { username: DEMO.confidentialClerk }, contentRead: false });
    expect(views).toContainEqual({ account: { username: DEMO.specialist }, contentRead: true });
    const audited = await count(`from audit_entry where action = 'document.content_read' and target_id = ?`, [Buffer.from(secret.id, 'base64url').toString().split(':')[1]]);
    expect(audited).toBeGreaterThanOrEqual(4);
    const bySpecialist = await app.gql('query ($id: ID!) { document(id: $id) { accessHistory(first: 1) { totalCount } } }', { id: secret.id }, tokens.specialist);
    expect(bySpecialist.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('totalCount', () => {
  // Counts add the ways one may see a document up one by one (src/server/count-by-ways.ts): the
  // sum must be the rows one can page through, for everyone, whatever the filter.
  const filters: Record<string, unknown>[] = [{}, { direction: 'INCOMING' }, { direction: 'OUTGOING' }, { confidentiality: 'TOI_MAT' }, { kind: 'CONG_VAN' }, { search: 'cong van' }];

  beforeAll(async () => {
    // Documents seen more than one way: an issued reply the unit head reviewed and the leader
    // approved (handlers, and above the drafter or overseeing), a letter handed to the unit head.
    const step = async (mutation: string, id: string, role: string) => {
      const response = await app.gql(`mutation ($id: ID!) { ${mutation}(input: { id: $id }) { userErrors { code } } }`, { id }, tokens[role]);
      expect(response.data?.[mutation].userErrors, mutation).toEqual([]);
    };
    const draft = await app.gql('mutation { createOutgoingDraft(input: { kind: "CONG_VAN", subject: "Công văn trả lời" }) { document { id } } }', {}, tokens.specialist);
    const id = draft.data!.createOutgoingDraft.document.id as string;
    await step('submitOutgoingDocument', id, 'specialist');
    await step('forwardOutgoingDocument', id, 'unitHead');
    await step('approveOutgoingDocument', id, 'leader');
    await step('issueOutgoingDocument', id, 'clerk');
    await register(tokens.clerk!, incoming({ handedToAccountIds: [accountIds.unitHead, accountIds.specialist] }));
  });

  it.each(Object.keys(DEMO).concat('otherOrgClerk'))('is the number of documents %s can page through', async (role) => {
    await app.gql('mutation { createOutgoingDraft(input: { kind: "BAO_CAO", subject: "Công văn nháp" }) { userErrors { code } } }', {}, tokens.specialist);
    for (const filter of filters) {
      const seen = new Set<string>();
      let after: string | null = null;
      let total = -1;
      do {
        const page: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] } = (
          await app.gql(
            'query ($f: DocumentFilter, $after: String) { documents(first: 100, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }',
            { f: filter, after },
            tokens[role],
          )
        ).data!.documents;
        total = page.totalCount;
        for (const node of page.nodes) seen.add(node.id);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(total, JSON.stringify(filter)).toBe(seen.size);
    }
  });
});
