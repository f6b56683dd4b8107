import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { assignTask, createUnit, registerIncoming } from '../support/operations.ts';
import { subscribe } from '../support/wait.ts';
import { ok } from '../support/flows.ts';

/**
 * Issue 11, §1: every input of a viewer's rights takes effect on open subscriptions at the moment it
 * changes, over a real graphql-ws connection as the attack was: a delegation starting and ending by
 * the clock, the leader's account locked and unlocked (the deputy's rights come from it), and a unit
 * moved under a unit head (the units whose work the head carries).
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;
const CHANGED = 'subscription { documentChanged { numberNotation subject } }';
const DOCUMENT = 'query ($id: ID!) { document(id: $id) { subject } }';

beforeAll(async () => {
  app = await startSignedIn(signedIn);
  // The deputy holds the position but no leading role of her own: only a delegation lets her oversee.
  await ok(app, tokens.itOfficer!, 'setAccountRoles', 'SetAccountRolesInput', { id: ids.deputy, roles: ['SPECIALIST'] });
});
afterAll(() => app?.close());

/** A classified document handed to the specialist: only its handlers and the leaders may read it. */
function classified(numberNotation: string) {
  return registerIncoming(app, tokens.confidentialClerk!, { numberNotation, subject: `Mật ${numberNotation}`, confidentiality: 'MAT', handedToAccountIds: [ids.specialist] });
}

async function delegate(startsAt: Date, endsAt: Date): Promise<string> {
  const created = await ok(app, tokens.leader!, 'createDelegation', 'CreateDelegationInput', { toAccountId: ids.deputy, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: 'Đi công tác' }, 'delegation { id }');
  return created.delegation.id;
}

const until = (at: Date) => new Promise((resolve) => setTimeout(resolve, Math.max(at.getTime() - Date.now(), 0)));

describe('a delegation starting and ending by the clock', () => {
  it('an open socket gains the leader\'s rights when the delegation starts and loses them when it ends, as HTTP does', async () => {
    const startsAt = new Date(Date.now() + 2500);
    const endsAt = new Date(startsAt.getTime() + 3000);
    const delegation = await delegate(startsAt, endsAt);
    const socket = app.ws(tokens.deputy!).client;
    const changes = subscribe(socket, CHANGED);
    const account = subscribe(socket, 'subscription { myAccountChanged { username effectiveRoles } }');
    // documentChanged listens on the server's routes; myAccountChanged follows the connection
    // itself (it is not counted there) and has seconds before the delegation starts.
    await app.listening(1);

    await classified('1/BCA-M');
    expect(await changes.quietFor(600)).toEqual([]);

    // In force: the socket was rebuilt at the start, unasked.
    await until(startsAt);
    expect((await account.next(3000)).data.myAccountChanged.effectiveRoles).toContain('LEADER');
    const during = await classified('2/BCA-M');
    expect((await changes.next(3000)).data.documentChanged).toEqual({ numberNotation: '2/BCA-M', subject: 'Mật 2/BCA-M' });
    expect((await app.gql(DOCUMENT, { id: during.id }, tokens.deputy)).data?.document.subject).toBe('Mật 2/BCA-M');

    // Ended: HTTP refuses, and so does the socket.
    await until(new Date(endsAt.getTime() + 50));
    expect((await app.gql(DOCUMENT, { id: during.id }, tokens.deputy)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await classified('3/BCA-M');
    expect(await changes.quietFor(800)).toEqual([]);
    expect((await account.next(3000)).data.myAccountChanged.effectiveRoles).not.toContain('LEADER');
    expect(changes.received).toHaveLength(1);
    await changes.stop();
    await account.stop();
    expect(delegation).toEqual(expect.any(String));
  });
});

describe("the leader's own account", () => {
  it("locking the leader ends the deputy's delegated rights on her open socket at once, unlocking restores them", async () => {
    // From now: the delegation of the test before has just ended (one at a time per leader).
    const delegation = await delegate(new Date(), new Date(Date.now() + 3600_000));
    const changes = subscribe(app.ws(tokens.deputy!).client, CHANGED);
    await app.listening(1);
    await classified('4/BCA-M');
    expect((await changes.next(3000)).data.documentChanged.numberNotation).toBe('4/BCA-M');

    await ok(app, tokens.itOfficer!, 'lockAccount', 'AccountStatusInput', { id: ids.leader, reason: 'Kiểm tra' });
    await classified('5/BCA-M');
    expect(await changes.quietFor(800)).toEqual([]);

    await ok(app, tokens.itOfficer!, 'unlockAccount', 'AccountStatusInput', { id: ids.leader });
    tokens.leader = await app.login('minhnv.sct');
    await classified('6/BCA-M');
    expect((await changes.next(3000)).data.documentChanged.numberNotation).toBe('6/BCA-M');
    expect(changes.received.map((value: any) => value.data.documentChanged.numberNotation)).toEqual(['4/BCA-M', '6/BCA-M']);
    await changes.stop();
    await ok(app, tokens.leader!, 'revokeDelegation', 'RevokeDelegationInput', { id: delegation });
  });
});

describe('the unit tree', () => {
  it("a unit moved under a head's unit brings its work to the head's open socket at once", async () => {
    const team = await createUnit(app, tokens.itOfficer!, { name: 'Tổ kiểm tra lưu động', code: 'TKTLD' });
    const assigned = subscribe(app.ws(tokens.unitHead!).client, 'subscription { taskAssigned { title } }');
    await app.listening(1);
    await assignTask(app, tokens.leader!, { title: 'Trước khi chuyển', assigneeUnitId: team.id });
    expect(await assigned.quietFor(600)).toEqual([]);

    await ok(app, tokens.itOfficer!, 'updateUnit', 'UpdateUnitInput', { id: team.id, parentId: signedIn.units.QLTM });
    await assignTask(app, tokens.leader!, { title: 'Sau khi chuyển', assigneeUnitId: team.id });
    expect((await assigned.next(3000)).data.taskAssigned.title).toBe('Sau khi chuyển');
    await assigned.stop();
  });
});
