import { UNITS } from '../../src/provisioning/demo.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, DEMO, DEMO_PASSWORD, startTestApp, type GraphQLResponse, type TestApp } from '../support/app.ts';

/**
 * Accounts over real HTTP: an IT officer grants, changes and revokes accounts; sign-in, the forced
 * password change, lockout, expiry, idempotency and the audit trail of every change.
 */
let app: TestApp;
let itToken: string;
/** Unit global ids of the demo organisation, by code. */
const units = new Map<string, string>();
/** A unit global id of the second organisation. */
let otherOrganisationUnitId: string;
/** The account global id of the second organisation's IT officer. */
let otherOrganisationAccountId: string;

const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
const STRONG_PASSWORD = 'Sông-Hồng#2026';

const LOGIN = `mutation ($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) {
    token expiresAt mustChangePassword account { username } userErrors { field code message }
  }
}`;

const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) {
  createAccount(input: $input) {
    account { id username fullName title roles status mustChangePassword unit { code } }
    temporaryPassword
    userErrors { field code message }
  }
}`;

const CHANGE_PASSWORD = `mutation ($current: String!, $next: String!) {
  changePassword(input: { currentPassword: $current, newPassword: $next }) {
    account { username mustChangePassword }
    userErrors { field code message }
  }
}`;

const CREATE_UNIT = `mutation ($input: CreateUnitInput!) {
  createUnit(input: $input) { unit { id code name } userErrors { field code message } }
}`;

const UPDATE_UNIT = `mutation ($input: UpdateUnitInput!) {
  updateUnit(input: $input) { unit { id code } userErrors { field code message } }
}`;

const SET_ROLES = `mutation ($id: ID!, $roles: [Role!]!) {
  setAccountRoles(input: { id: $id, roles: $roles }) { account { id roles } userErrors { field code message } }
}`;

function statusMutation(name: 'lockAccount' | 'unlockAccount' | 'disableAccount') {
  return `mutation ($id: ID!, $reason: String) {
    ${name}(input: { id: $id, reason: $reason }) { account { id status } userErrors { field code message } }
  }`;
}
const LOCK = statusMutation('lockAccount');
const UNLOCK = statusMutation('unlockAccount');
const DISABLE = statusMutation('disableAccount');

const RESET_PASSWORD = `mutation ($id: ID!) {
  resetPassword(input: { id: $id }) { account { id mustChangePassword } temporaryPassword userErrors { field code message } }
}`;

const AUDIT_TRAIL = `{ auditTrail(first: 20) { nodes { action actor { username } targetId details } } }`;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return app.db.orm.em.fork().execute<T[]>(query, params);
}

interface Counts {
  account: number;
  audit_entry: number;
  unit: number;
  idempotency_key: number;
}

async function counts(): Promise<Counts> {
  const [row] = await sql<Counts>(
    `select (select count(*) from account)::int as account,
            (select count(*) from audit_entry)::int as audit_entry,
            (select count(*) from unit)::int as unit,
            (select count(*) from idempotency_key)::int as idempotency_key`,
  );
  return row as Counts;
}

function topError(response: GraphQLResponse) {
  expect(response.errors, JSON.stringify(response)).toBeDefined();
  return response.errors?.[0]?.extensions ?? {};
}

async function login(username: string, password: string) {
  const response = await app.gql(LOGIN, { u: username, p: password });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return { status: response.status, ...response.data?.login };
}

interface CreatedAccount {
  id: string;
  username: string;
  temporaryPassword: string;
}

let nameCounter = 0;
/** Distinct Vietnamese given names, so fresh accounts never collide with each other. */
const GIVEN_NAMES = ['Khoa', 'Phúc', 'Quân', 'Sơn', 'Tùng', 'Vinh', 'Xuân', 'Yến', 'Bảo', 'Cường', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Lộc'];

function freshName(): string {
  const given = GIVEN_NAMES[nameCounter % GIVEN_NAMES.length] as string;
  const middle = ['Quốc', 'Minh', 'Thanh', 'Ngọc'][Math.floor(nameCounter / GIVEN_NAMES.length)] as string;
  nameCounter += 1;
  return `Phan ${middle} ${given}`;
}

async function createAccount(overrides: Record<string, unknown> = {}): Promise<CreatedAccount> {
  const response = await app.gql(
    CREATE_ACCOUNT,
    { input: { fullName: freshName(), unitId: units.get('QLTM'), title: 'SPECIALIST', roles: ['SPECIALIST'], ...overrides } },
    itToken,
  );
  const payload = response.data?.createAccount;
  expect(payload?.userErrors, JSON.stringify(response)).toEqual([]);
  return { id: payload.account.id, username: payload.account.username, temporaryPassword: payload.temporaryPassword };
}

/** A fresh account that has signed in and replaced its issued password: returns its token. */
async function activeAccount(overrides: Record<string, unknown> = {}): Promise<CreatedAccount & { token: string; password: string }> {
  const created = await createAccount(overrides);
  const token = await app.login(created.username, created.temporaryPassword);
  const changed = await app.gql(CHANGE_PASSWORD, { current: created.temporaryPassword, next: STRONG_PASSWORD }, token);
  expect(changed.data?.changePassword.userErrors, JSON.stringify(changed)).toEqual([]);
  return { ...created, token, password: STRONG_PASSWORD };
}

async function accountRow(id: string) {
  const raw = Buffer.from(id, 'base64url').toString('utf8').split(':')[1];
  const [row] = await sql<{ id: string; status: string; roles: string[]; must_change_password: boolean; password_hash: string }>(
    'select id, status, roles, must_change_password, password_hash from account where id = ?',
    [raw],
  );
  return row;
}

async function expectUnauthenticated(token: string, reason: string) {
  const response = await app.gql('{ me { username } }', {}, token);
  expect(response.status).toBe(401);
  expect(response.data ?? null).toBeNull();
  expect(topError(response)).toMatchObject({ code: 'UNAUTHENTICATED', reason });
}

beforeAll(async () => {
  app = await startTestApp();
  itToken = await app.login(DEMO.itOfficer);
  const organisation = await app.gql('{ organisation { units { id code } } }', {}, itToken);
  for (const unit of organisation.data?.organisation.units ?? []) units.set(unit.code, unit.id);
  expect(units.has('QLTM')).toBe(true);

  await addOrganisation(app);
  const otherToken = await app.login('ducdd.khac');
  const other = await app.gql('{ me { id } organisation { units { id code } } }', {}, otherToken);
  otherOrganisationUnitId = other.data?.organisation.units[0].id;
  otherOrganisationAccountId = other.data?.me.id;
  expect(otherOrganisationUnitId).toBeTruthy();
  expect(units.has(otherOrganisationUnitId)).toBe(false);
});
afterAll(() => app?.close());

describe('an IT officer creates an account', () => {
  it('names it by the rule, issues a password that must be changed before anything else', async () => {
    const created = await app.gql(
      CREATE_ACCOUNT,
      { input: { fullName: 'Nguyễn Thị Thu Hà', unitId: units.get('QLTM'), title: 'SPECIALIST', roles: ['SPECIALIST'] } },
      itToken,
    );
    const payload = created.data?.createAccount;
    expect(payload.userErrors).toEqual([]);
    // The demo's specialist already holds hantt.sct.
    expect(payload.account).toMatchObject({
      username: 'hantt1.sct',
      fullName: 'Nguyễn Thị Thu Hà',
      title: 'SPECIALIST',
      roles: ['SPECIALIST'],
      status: 'ACTIVE',
      mustChangePassword: true,
      unit: { code: 'QLTM' },
    });
    const temporaryPassword: string = payload.temporaryPassword;
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    // Only a hash is stored.
    const row = await accountRow(payload.account.id);
    expect(row?.password_hash).toMatch(/^scrypt\$/);
    expect(row?.password_hash).not.toContain(temporaryPassword);

    const signedIn = await login('hantt1.sct', temporaryPassword);
    expect(signedIn.userErrors).toEqual([]);
    expect(signedIn.mustChangePassword).toBe(true);
    const token: string = signedIn.token;
    const second = await app.login('hantt1.sct', temporaryPassword);
    const third = await app.login('hantt1.sct', temporaryPassword);

    // Before the change: me, logout and changePassword only.
    const me = await app.gql('{ me { username mustChangePassword } }', {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toEqual({ username: 'hantt1.sct', mustChangePassword: true });
    for (const query of ['{ organisation { name } }', '{ accounts(first: 5) { totalCount } }']) {
      const refused = await app.gql(query, {}, token);
      expect(refused.data ?? null).toBeNull();
      expect(topError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });
    }
    const logout = await app.gql('mutation { logout { ok userErrors { code } } }', {}, second);
    expect(logout.data?.logout).toEqual({ ok: true, userErrors: [] });
    await expectUnauthenticated(second, 'INVALID');

    const wrongCurrent = await app.gql(CHANGE_PASSWORD, { current: 'Not-the-one-2026', next: STRONG_PASSWORD }, token);
    expect(wrongCurrent.data?.changePassword.userErrors).toMatchObject([{ field: ['input', 'currentPassword'], code: 'INVALID_CREDENTIALS' }]);

    const weak = await app.gql(CHANGE_PASSWORD, { current: temporaryPassword, next: 'hanoi' }, token);
    const weakErrors = weak.data?.changePassword.userErrors;
    expect(weakErrors).toHaveLength(1);
    expect(weakErrors[0]).toMatchObject({ field: ['input', 'newPassword'], code: 'WEAK_PASSWORD' });
    expect(weakErrors[0].message).toMatch(VIETNAMESE);
    expect(weak.data?.changePassword.account).toBeNull();
    expect((await accountRow(payload.account.id))?.must_change_password).toBe(true);

    const strong = await app.gql(CHANGE_PASSWORD, { current: temporaryPassword, next: STRONG_PASSWORD }, token);
    expect(strong.data?.changePassword).toEqual({ account: { username: 'hantt1.sct', mustChangePassword: false }, userErrors: [] });

    // The same token now reaches everything; the other open session was ended.
    const organisation = await app.gql('{ organisation { name } }', {}, token);
    expect(organisation.errors).toBeUndefined();
    expect(organisation.data?.organisation.name).toBe('Sở Công Thương (dữ liệu mẫu)');
    await expectUnauthenticated(third, 'INVALID');

    expect((await login('hantt1.sct', temporaryPassword)).userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    const again = await login('hantt1.sct', STRONG_PASSWORD);
    expect(again.userErrors).toEqual([]);
    expect(again.mustChangePassword).toBe(false);
  });

  it('accepts a strong initial password chosen by the IT officer, still to be changed', async () => {
    const created = await createAccount({ initialPassword: 'Bắt-đầu-2026' });
    expect(created.temporaryPassword).toBe('Bắt-đầu-2026');
    const signedIn = await login(created.username, 'Bắt-đầu-2026');
    expect(signedIn.userErrors).toEqual([]);
    expect(signedIn.mustChangePassword).toBe(true);
  });
});

describe('bad input to createAccount', () => {
  const cases: { label: string; input: () => Record<string, unknown>; field: string[]; code: string }[] = [
    { label: 'an empty name', input: () => ({ fullName: '   ' }), field: ['input', 'fullName'], code: 'REQUIRED' },
    {
      label: 'a 300-character name',
      input: () => ({ fullName: `Nguyễn ${'Văn '.repeat(73)}A` }),
      field: ['input', 'fullName'],
      code: 'TOO_LONG',
    },
    { label: 'a unit of another organisation', input: () => ({ unitId: otherOrganisationUnitId }), field: ['input', 'unitId'], code: 'INVALID_UNIT' },
    { label: 'a garbage unit id', input: () => ({ unitId: 'not-a-real-id' }), field: ['input', 'unitId'], code: 'INVALID_UNIT' },
    {
      label: 'the id of an account given as the unit',
      input: () => ({ unitId: otherOrganisationAccountId }),
      field: ['input', 'unitId'],
      code: 'INVALID_UNIT',
    },
    { label: 'a weak initial password', input: () => ({ initialPassword: 'abc123' }), field: ['input', 'initialPassword'], code: 'WEAK_PASSWORD' },
    {
      label: 'an initial password built on the username',
      input: () => ({ fullName: 'Trần Văn Thành', initialPassword: 'Thanhtv@2026' }),
      field: ['input', 'initialPassword'],
      code: 'WEAK_PASSWORD',
    },
  ];

  for (const testCase of cases) {
    it(`answers ${testCase.label} with ${testCase.code} and writes nothing`, async () => {
      const before = await counts();
      const input = {
        fullName: 'Trần Văn Thành',
        unitId: units.get('QLTM'),
        title: 'SPECIALIST',
        roles: ['SPECIALIST'],
        idempotencyKey: `bad-${testCase.code}-${testCase.label}`,
        ...testCase.input(),
      };
      const response = await app.gql(CREATE_ACCOUNT, { input }, itToken);
      expect(response.errors).toBeUndefined();
      const payload = response.data?.createAccount;
      expect(payload.account).toBeNull();
      expect(payload.temporaryPassword).toBeNull();
      expect(payload.userErrors).toHaveLength(1);
      expect(payload.userErrors[0]).toMatchObject({ field: testCase.field, code: testCase.code });
      expect(payload.userErrors[0].message).toMatch(VIETNAMESE);
      expect(await counts()).toEqual(before);
      expect(await sql(`select 1 from account where username like 'thanhtv%'`)).toEqual([]);
    });
  }

  it('reports every problem of the input at once', async () => {
    const before = await counts();
    const response = await app.gql(
      CREATE_ACCOUNT,
      { input: { fullName: '', unitId: otherOrganisationUnitId, title: 'CLERK', roles: ['CLERK'] } },
      itToken,
    );
    const codes = response.data?.createAccount.userErrors.map((error: { code: string }) => error.code).sort();
    expect(codes).toEqual(['INVALID_UNIT', 'REQUIRED']);
    expect(await counts()).toEqual(before);
  });

  it('answers a unit code already used with DUPLICATE, on createUnit and updateUnit', async () => {
    const before = await counts();
    const create = await app.gql(CREATE_UNIT, { input: { name: 'Văn phòng thứ hai', code: 'VP', kind: 'VAN_PHONG' } }, itToken);
    expect(create.data?.createUnit.unit).toBeNull();
    expect(create.data?.createUnit.userErrors).toMatchObject([{ field: ['input', 'code'], code: 'DUPLICATE' }]);
    expect(create.data?.createUnit.userErrors[0].message).toMatch(VIETNAMESE);

    const update = await app.gql(UPDATE_UNIT, { input: { id: units.get('QLTM'), code: 'KTAT' } }, itToken);
    expect(update.data?.updateUnit.unit).toBeNull();
    expect(update.data?.updateUnit.userErrors).toMatchObject([{ field: ['input', 'code'], code: 'DUPLICATE' }]);
    expect(update.data?.updateUnit.userErrors[0].message).toMatch(VIETNAMESE);

    expect(await counts()).toEqual(before);
    const codes = await sql<{ code: string }>(
      `select code from unit where organisation_id = (select organisation_id from account where username = ?) order by code`,
      [DEMO.itOfficer],
    );
    expect(codes.map((row) => row.code)).toEqual(UNITS.map((unit) => unit.code).sort());
  });

  it('keeps unit codes unique within an organisation only', async () => {
    const otherToken = await app.login('ducdd.khac');
    const there = await app.gql(CREATE_UNIT, { input: { name: 'Tổ pháp chế', code: 'TPC', kind: 'NHOM' } }, otherToken);
    expect(there.data?.createUnit.userErrors).toEqual([]);
    const here = await app.gql(CREATE_UNIT, { input: { name: 'Tổ pháp chế', code: 'TPC', kind: 'NHOM' } }, itToken);
    expect(here.data?.createUnit.userErrors).toEqual([]);
    expect(here.data?.createUnit.unit.id).not.toBe(there.data?.createUnit.unit.id);
  });
});

describe('only IT officers manage accounts', () => {
  for (const role of ['specialist', 'leader'] as const) {
    it(`refuses createAccount, lockAccount and friends to a ${role} with FORBIDDEN`, async () => {
      const token = await app.login(DEMO[role]);
      const target = await createAccount();
      const before = await counts();
      const attempts: [string, Record<string, unknown>][] = [
        [CREATE_ACCOUNT, { input: { fullName: 'Lý Văn Trộm', unitId: units.get('QLTM'), title: 'IT_OFFICER', roles: ['IT_OFFICER'] } }],
        [LOCK, { id: target.id }],
        [DISABLE, { id: target.id }],
        [SET_ROLES, { id: target.id, roles: ['IT_OFFICER'] }],
        [RESET_PASSWORD, { id: target.id }],
        [AUDIT_TRAIL, {}],
      ];
      for (const [query, variables] of attempts) {
        const response = await app.gql(query, variables, token);
        expect(response.data ?? null, query).toBeNull();
        expect(topError(response).code, query).toBe('FORBIDDEN');
      }
      expect(await counts()).toEqual(before);
      expect(await accountRow(target.id)).toMatchObject({ status: 'ACTIVE', roles: ['SPECIALIST'] });
      expect(await sql(`select 1 from account where username like 'tromlv%'`)).toEqual([]);
      // The target still signs in with its password.
      expect((await login(target.username, target.temporaryPassword)).userErrors).toEqual([]);
    });
  }
});

describe('lock, unlock, disable and reset', () => {
  it('locking ends the session at once and refuses sign-in; unlocking restores it', async () => {
    const person = await activeAccount();
    expect((await app.gql('{ me { username } }', {}, person.token)).data?.me.username).toBe(person.username);

    const locked = await app.gql(LOCK, { id: person.id, reason: 'Nghỉ phép dài hạn' }, itToken);
    expect(locked.data?.lockAccount).toEqual({ account: { id: person.id, status: 'LOCKED' }, userErrors: [] });
    await expectUnauthenticated(person.token, 'INVALID');

    const refused = await login(person.username, person.password);
    expect(refused.token).toBeNull();
    expect(refused.userErrors).toHaveLength(1);
    expect(refused.userErrors[0]).toMatchObject({ code: 'ACCOUNT_INACTIVE' });
    expect(refused.userErrors[0].message).toMatch(VIETNAMESE);

    const lockedAgain = await app.gql(LOCK, { id: person.id }, itToken);
    expect(lockedAgain.data?.lockAccount.userErrors).toMatchObject([{ field: ['input', 'id'], code: 'INVALID_STATE' }]);

    const unlocked = await app.gql(UNLOCK, { id: person.id }, itToken);
    expect(unlocked.data?.unlockAccount).toEqual({ account: { id: person.id, status: 'ACTIVE' }, userErrors: [] });
    const back = await login(person.username, person.password);
    expect(back.userErrors).toEqual([]);
    expect((await app.gql('{ organisation { name } }', {}, back.token)).errors).toBeUndefined();
    // The token that was ended stays ended.
    await expectUnauthenticated(person.token, 'INVALID');
  });

  it('disabling is final: sessions end, sign-in is refused, unlock is INVALID_STATE', async () => {
    const person = await activeAccount();
    const disabled = await app.gql(DISABLE, { id: person.id, reason: 'Chuyển công tác' }, itToken);
    expect(disabled.data?.disableAccount).toEqual({ account: { id: person.id, status: 'DISABLED' }, userErrors: [] });
    await expectUnauthenticated(person.token, 'INVALID');
    expect((await login(person.username, person.password)).userErrors).toMatchObject([{ code: 'ACCOUNT_INACTIVE' }]);

    const before = await counts();
    const unlock = await app.gql(UNLOCK, { id: person.id }, itToken);
    expect(unlock.data?.unlockAccount.account).toBeNull();
    expect(unlock.data?.unlockAccount.userErrors).toMatchObject([{ field: ['input', 'id'], code: 'INVALID_STATE' }]);
    expect(unlock.data?.unlockAccount.userErrors[0].message).toMatch(VIETNAMESE);
    const reset = await app.gql(RESET_PASSWORD, { id: person.id }, itToken);
    expect(reset.data?.resetPassword.userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
    expect(reset.data?.resetPassword.temporaryPassword).toBeNull();
    expect(await counts()).toEqual(before);
    expect((await accountRow(person.id))?.status).toBe('DISABLED');
  });

  it('an IT officer cannot lock or disable themself', async () => {
    const me = await app.gql('{ me { id viewerCanManage } }', {}, itToken);
    const ownId: string = me.data?.me.id;
    expect(me.data?.me.viewerCanManage).toBe(false);
    const before = await counts();
    for (const [query, name] of [[LOCK, 'lockAccount'], [DISABLE, 'disableAccount']] as const) {
      const response = await app.gql(query, { id: ownId }, itToken);
      expect(response.data?.[name].account).toBeNull();
      expect(response.data?.[name].userErrors).toMatchObject([{ field: ['input', 'id'], code: 'NOT_ALLOWED' }]);
      expect(response.data?.[name].userErrors[0].message).toMatch(VIETNAMESE);
    }
    expect(await counts()).toEqual(before);
    expect((await app.gql('{ me { status } }', {}, itToken)).data?.me.status).toBe('ACTIVE');
  });

  it('cannot lock an account of another organisation', async () => {
    const before = await counts();
    const response = await app.gql(LOCK, { id: otherOrganisationAccountId }, itToken);
    expect(response.data?.lockAccount.userErrors).toMatchObject([{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
    expect(await counts()).toEqual(before);
    expect((await login('ducdd.khac', DEMO_PASSWORD)).userErrors).toEqual([]);
  });

  it('resetPassword issues a temporary password, ends sessions and forces a change', async () => {
    const person = await activeAccount();
    const reset = await app.gql(RESET_PASSWORD, { id: person.id }, itToken);
    const payload = reset.data?.resetPassword;
    expect(payload.userErrors).toEqual([]);
    expect(payload.account).toEqual({ id: person.id, mustChangePassword: true });
    const temporaryPassword: string = payload.temporaryPassword;
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    expect(temporaryPassword).not.toBe(person.password);

    await expectUnauthenticated(person.token, 'INVALID');
    expect((await login(person.username, person.password)).userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    const signedIn = await login(person.username, temporaryPassword);
    expect(signedIn.userErrors).toEqual([]);
    expect(signedIn.mustChangePassword).toBe(true);
    const refused = await app.gql('{ organisation { name } }', {}, signedIn.token);
    expect(topError(refused)).toMatchObject({ code: 'FORBIDDEN', reason: 'PASSWORD_CHANGE_REQUIRED' });

    const changed = await app.gql(CHANGE_PASSWORD, { current: temporaryPassword, next: 'Mật-khẩu-Mới-99' }, signedIn.token);
    expect(changed.data?.changePassword.userErrors).toEqual([]);
    expect((await app.gql('{ organisation { name } }', {}, signedIn.token)).errors).toBeUndefined();
  });
});

describe('rights', () => {
  it('a revoked right stops working on the very next request with the same token', async () => {
    const person = await activeAccount();
    const refusedFirst = await app.gql(CREATE_UNIT, { input: { name: 'Tổ thử nghiệm', code: 'TTN', kind: 'NHOM' } }, person.token);
    expect(topError(refusedFirst).code).toBe('FORBIDDEN');

    const granted = await app.gql(SET_ROLES, { id: person.id, roles: ['SPECIALIST', 'IT_OFFICER'] }, itToken);
    expect(granted.data?.setAccountRoles.userErrors).toEqual([]);
    expect(granted.data?.setAccountRoles.account.roles).toEqual(['SPECIALIST', 'IT_OFFICER']);

    const created = await app.gql(CREATE_UNIT, { input: { name: 'Tổ thử nghiệm', code: 'TTN', kind: 'NHOM' } }, person.token);
    expect(created.errors).toBeUndefined();
    expect(created.data?.createUnit.userErrors).toEqual([]);
    expect(created.data?.createUnit.unit.code).toBe('TTN');

    const revoked = await app.gql(SET_ROLES, { id: person.id, roles: ['SPECIALIST'] }, itToken);
    expect(revoked.data?.setAccountRoles.account.roles).toEqual(['SPECIALIST']);

    const before = await counts();
    const refused = await app.gql(CREATE_UNIT, { input: { name: 'Tổ thử nghiệm hai', code: 'TTN2', kind: 'NHOM' } }, person.token);
    expect(refused.data ?? null).toBeNull();
    expect(topError(refused).code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    // The session itself is still good: only the right went.
    const me = await app.gql('{ me { roles } }', {}, person.token);
    expect(me.data?.me.roles).toEqual(['SPECIALIST']);
  });

  it('an IT officer cannot change their own rights, not even to drop their IT right', async () => {
    const me = await app.gql('{ me { id } }', {}, itToken);
    const response = await app.gql(SET_ROLES, { id: me.data?.me.id, roles: ['SPECIALIST'] }, itToken);
    expect(response.data?.setAccountRoles.userErrors).toMatchObject([{ field: ['input', 'id'], code: 'NOT_ALLOWED' }]);
    expect((await app.gql('{ me { roles } }', {}, itToken)).data?.me.roles).toEqual(['IT_OFFICER']);
  });
});

describe('sign-in lockout', () => {
  it('locks a username after five failures, the same way whether or not it exists', async () => {
    const person = await activeAccount();
    const unknown = 'khongtontai.sct';
    const attempt = async (username: string, password: string) => {
      const response = await app.gql(LOGIN, { u: username, p: password });
      return { status: response.status, errors: response.errors, login: response.data?.login };
    };

    const existing = [];
    const missing = [];
    for (let i = 0; i < 5; i += 1) {
      existing.push(await attempt(person.username, `Sai-mat-khau-${i}`));
      missing.push(await attempt(unknown, `Sai-mat-khau-${i}`));
    }
    // After the lock, even the right password is refused.
    existing.push(await attempt(person.username, person.password));
    missing.push(await attempt(unknown, person.password));

    const codes = existing.map((answer) => answer.login?.userErrors.map((error: { code: string }) => error.code));
    expect(codes).toEqual([
      ['INVALID_CREDENTIALS'],
      ['INVALID_CREDENTIALS'],
      ['INVALID_CREDENTIALS'],
      ['INVALID_CREDENTIALS'],
      ['TEMPORARILY_LOCKED'],
      ['TEMPORARILY_LOCKED'],
    ]);
    for (const answer of existing) {
      expect(answer.login).toMatchObject({ token: null, expiresAt: null, mustChangePassword: null, account: null });
      expect(answer.login?.userErrors[0].message).toMatch(VIETNAMESE);
    }
    // Identical answers, codes and messages alike: nothing tells whether the username exists.
    expect(missing).toEqual(existing);

    const [throttle] = await sql<{ locked_until: string | Date | null }>(`select locked_until from login_throttle where username = ? and address <> '*'`, [
      person.username,
    ]);
    expect(new Date(throttle?.locked_until ?? 0).getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);

    await sql(`update login_throttle set locked_until = now() - interval '1 minute' where username in (?, ?)`, [person.username, unknown]);
    const back = await login(person.username, person.password);
    expect(back.userErrors).toEqual([]);
    expect(back.token).toMatch(/^vt_/);
    // The count started again: one more failure does not lock.
    expect((await login(person.username, 'Sai-nua-roi-1')).userErrors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    expect((await login(person.username, person.password)).userErrors).toEqual([]);
  });

  it('the lock of one username does not touch another', async () => {
    const first = await activeAccount();
    const second = await activeAccount();
    for (let i = 0; i < 5; i += 1) await login(first.username, `Sai-mat-khau-${i}`);
    expect((await login(first.username, first.password)).userErrors).toMatchObject([{ code: 'TEMPORARILY_LOCKED' }]);
    expect((await login(second.username, second.password)).userErrors).toEqual([]);
    // A lock of the sign-in does not end a session already open.
    expect((await app.gql('{ me { username } }', {}, first.token)).data?.me.username).toBe(first.username);
  });
});

describe('tokens', () => {
  it('an expired token is refused with UNAUTHENTICATED and reason EXPIRED', async () => {
    const person = await activeAccount();
    const raw = Buffer.from(person.id, 'base64url').toString('utf8').split(':')[1];
    const updated = await sql(`update session set expires_at = now() - interval '1 second' where account_id = ? and revoked_at is null returning id`, [raw]);
    expect(updated).toHaveLength(1);
    await expectUnauthenticated(person.token, 'EXPIRED');
    const mutation = await app.gql(CHANGE_PASSWORD, { current: person.password, next: 'Khác-hẳn-2027' }, person.token);
    expect(mutation.status).toBe(401);
    expect(topError(mutation)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'EXPIRED' });
  });

  it('a token never issued is refused with reason INVALID', async () => {
    await expectUnauthenticated(`vt_${'A'.repeat(43)}`, 'INVALID');
    await expectUnauthenticated('not-a-token', 'INVALID');
  });
});

describe('idempotency', () => {
  it('createUnit twice with one key creates one unit and returns it both times', async () => {
    const before = await counts();
    const input = { name: 'Tổ kiểm tra', code: 'IDEM', kind: 'NHOM', parentId: units.get('VP'), idempotencyKey: 'unit-idem-1' };
    const first = await app.gql(CREATE_UNIT, { input }, itToken);
    const second = await app.gql(CREATE_UNIT, { input }, itToken);
    expect(first.data?.createUnit.userErrors).toEqual([]);
    expect(second.data?.createUnit.userErrors).toEqual([]);
    expect(second.data?.createUnit.unit).toEqual(first.data?.createUnit.unit);
    const rows = await sql(`select id from unit where code = 'IDEM'`);
    expect(rows).toHaveLength(1);
    const after = await counts();
    expect(after.unit).toBe(before.unit + 1);
    expect(after.audit_entry).toBe(before.audit_entry + 1);
    expect(after.idempotency_key).toBe(before.idempotency_key + 1);
  });

  it('a createAccount replay returns the same account and, within fifteen minutes, the same password', async () => {
    const before = await counts();
    const input = { fullName: 'Lương Thị Mỹ Duyên', unitId: units.get('KTAT'), title: 'CLERK', roles: ['CLERK'], idempotencyKey: 'account-idem-1' };
    const first = await app.gql(CREATE_ACCOUNT, { input }, itToken);
    const second = await app.gql(CREATE_ACCOUNT, { input }, itToken);
    const one = first.data?.createAccount;
    const two = second.data?.createAccount;
    expect(one.userErrors).toEqual([]);
    expect(one.account.username).toBe('duyenltm.sct');
    expect(one.temporaryPassword).toEqual(expect.any(String));
    expect(two.userErrors).toEqual([]);
    expect(two.account).toEqual(one.account);
    // The first answer may have been lost on the way: the retry gets the same password, not a useless account.
    expect(two.temporaryPassword).toBe(one.temporaryPassword);
    const after = await counts();
    expect(after.account).toBe(before.account + 1);
    expect(after.audit_entry).toBe(before.audit_entry + 1);
    expect(await sql(`select 1 from account where username like 'duyenltm%'`)).toHaveLength(1);
    // The password shown the first time is still the one that works.
    expect((await login(one.account.username, one.temporaryPassword)).userErrors).toEqual([]);
    // Kept sealed, not in clear, and not under the key in clear either.
    const [kept] = await sql(`select key, answer from idempotency_key where answer is not null`);
    expect(JSON.stringify(kept)).not.toContain(one.temporaryPassword);
    expect(JSON.stringify(kept)).not.toContain('account-idem-1');

    // Past the window the retry gets no password, and the next kept answer erases the old one.
    await sql(`update idempotency_key set created_at = created_at - interval '16 minutes'`);
    const late = (await app.gql(CREATE_ACCOUNT, { input }, itToken)).data?.createAccount;
    expect(late.account).toEqual(one.account);
    expect(late.temporaryPassword).toBeNull();
    const other = { fullName: 'Trịnh Văn Khoa', unitId: units.get('KTAT'), title: 'CLERK', roles: ['CLERK'], idempotencyKey: 'account-idem-3' };
    expect((await app.gql(CREATE_ACCOUNT, { input: other }, itToken)).data?.createAccount.temporaryPassword).toEqual(expect.any(String));
    expect(await sql(`select 1 from idempotency_key where answer is not null`)).toHaveLength(1);
  });

  it('a failed call leaves its key free; a key used for another operation is DUPLICATE', async () => {
    const key = 'account-idem-2';
    const failed = await app.gql(
      CREATE_ACCOUNT,
      { input: { fullName: '', unitId: units.get('VP'), title: 'CLERK', roles: ['CLERK'], idempotencyKey: key } },
      itToken,
    );
    expect(failed.data?.createAccount.userErrors).toMatchObject([{ code: 'REQUIRED' }]);
    const retried = await app.gql(
      CREATE_ACCOUNT,
      { input: { fullName: 'Lương Văn Tài', unitId: units.get('VP'), title: 'CLERK', roles: ['CLERK'], idempotencyKey: key } },
      itToken,
    );
    expect(retried.data?.createAccount.userErrors).toEqual([]);
    expect(retried.data?.createAccount.account.username).toBe('tailv.sct');

    const before = await counts();
    const misuse = await app.gql(CREATE_UNIT, { input: { name: 'Tổ khác', code: 'TKH', kind: 'NHOM', idempotencyKey: key } }, itToken);
    expect(misuse.data?.createUnit.userErrors).toMatchObject([{ field: ['input', 'idempotencyKey'], code: 'DUPLICATE' }]);
    expect(await counts()).toEqual(before);
  });
});

describe('audit of account changes', () => {
  async function trailAbout(account: CreatedAccount) {
    const raw = Buffer.from(account.id, 'base64url').toString('utf8').split(':')[1] as string;
    const trail = await app.gql(AUDIT_TRAIL, {}, itToken);
    expect(trail.errors).toBeUndefined();
    const nodes: { action: string; actor: { username: string } | null; targetId: string | null; details: string }[] = trail.data?.auditTrail.nodes;
    return nodes.filter(
      (node) =>
        node.actor?.username === account.username ||
        node.targetId === account.id ||
        node.targetId === raw ||
        (JSON.parse(node.details) as { username?: string }).username === account.username,
    );
  }

  /** Runs every kind of account change on a fresh account, as the sections above do. */
  async function lifeOfAnAccount() {
    const person = await activeAccount();
    await login(person.username, 'Sai-mat-khau-0');
    await app.gql(SET_ROLES, { id: person.id, roles: ['SPECIALIST', 'CLERK'] }, itToken);
    await app.gql(LOCK, { id: person.id, reason: 'Kiểm tra' }, itToken);
    await app.gql(UNLOCK, { id: person.id }, itToken);
    await app.gql(RESET_PASSWORD, { id: person.id }, itToken);
    await app.gql(DISABLE, { id: person.id }, itToken);
    return person;
  }

  it('writes an entry for every change, sign-in and failed sign-in, with who did it', async () => {
    const person = await lifeOfAnAccount();
    const entries = await trailAbout(person);
    expect(entries.map((entry) => [entry.action, entry.actor?.username ?? null])).toEqual([
      ['account.disabled', DEMO.itOfficer],
      ['account.password_reset', DEMO.itOfficer],
      ['account.unlocked', DEMO.itOfficer],
      ['account.locked', DEMO.itOfficer],
      ['account.rights_changed', DEMO.itOfficer],
      ['sign_in.failed', person.username],
      ['password.changed', person.username],
      ['sign_in.succeeded', person.username],
      ['account.created', DEMO.itOfficer],
    ]);
    const rights = entries.find((entry) => entry.action === 'account.rights_changed');
    expect(JSON.parse(rights?.details ?? '{}')).toMatchObject({ granted: ['CLERK'], revoked: [] });
    const verify = await app.gql('{ verifyAuditTrail { ok problems { sequence kind } } }', {}, itToken);
    expect(verify.data?.verifyAuditTrail).toEqual({ ok: true, problems: [] });
  });

  it("gives the account's global id as targetId, so the record can be fetched with node()", async () => {
    const person = await createAccount();
    await app.gql(LOCK, { id: person.id }, itToken);
    const entries = await trailAbout(person);
    const targeted = entries.filter((entry) => entry.action === 'account.created' || entry.action === 'account.locked');
    expect(targeted).toHaveLength(2);
    for (const entry of targeted) expect(entry.targetId).toBe(person.id);
    const node = await app.gql('query ($id: ID!) { node(id: $id) { id ... on Account { username } } }', { id: targeted[0]?.targetId }, itToken);
    expect(node.data?.node).toEqual({ id: person.id, username: person.username });
  });
});
