import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';
import { subscribe } from '../support/wait.ts';
import { ok } from '../support/flows.ts';

/**
 * Issue 11, §5: a change event on an aggregate reaches a subscriber only when what that subscriber
 * can see of it changed. A work file shared with a colleague: linking, moving or unlinking a
 * document the colleague may not see tells them nothing, not even that something happened; the
 * same acts on a document they may see do. Over a real graphql-ws connection, as the attack was.
 */
let app: TestApp;
const signedIn: SignedIn = { tokens: {}, ids: {}, units: {} };
const { tokens, ids } = signedIn;

beforeAll(async () => {
  app = await startSignedIn(signedIn);
});
afterAll(() => app?.close());

const CHANGED = 'subscription ($id: ID) { workFileChanged(id: $id) { id documentCount documents { ordinal document { numberNotation } } } }';
const link = (workFileId: string, documentId: string) => ok(app, tokens.specialist!, 'linkDocumentToWorkFile', 'WorkFileDocumentInput', { workFileId, documentId });

describe('workFileChanged', () => {
  it('is silent for the colleague when a document they may not see is linked, moved or unlinked, and speaks when one they see is', async () => {
    const { workFile } = await ok(app, tokens.specialist!, 'openWorkFile', 'OpenWorkFileInput', { code: 'HS.11', title: 'Hồ sơ kiểm tra', retention: { years: 5 }, sharedWithAccountIds: [ids.mailboxReader] }, 'workFile { id }');
    // Handed to the specialist only: the colleague may not see it (nor its existence).
    const hidden = await registerIncoming(app, tokens.confidentialClerk!, { numberNotation: '9/BCA-M', subject: 'Mật', confidentiality: 'MAT', handedToAccountIds: [ids.specialist] });
    const hiddenPlain = await registerIncoming(app, tokens.clerk!, { numberNotation: '10/UBND-VP', subject: 'Riêng của Hà', handedToAccountIds: [ids.specialist] });
    // Handed to both: the colleague sees it.
    const shared = await registerIncoming(app, tokens.clerk!, { numberNotation: '11/UBND-VP', subject: 'Chung', handedToAccountIds: [ids.specialist, ids.mailboxReader] });

    const colleague = subscribe(app.ws(tokens.mailboxReader!).client, CHANGED, { id: workFile.id });
    const everything = subscribe(app.ws(tokens.mailboxReader!).client, CHANGED);
    const owner = subscribe(app.ws(tokens.specialist!).client, CHANGED, { id: workFile.id });
    await app.listening(3);

    await link(workFile.id, hidden.id);
    await link(workFile.id, hiddenPlain.id);
    // The owner sees both (positive control), the colleague nothing.
    expect((await owner.next()).data.workFileChanged.documentCount).toBe(1);
    expect((await owner.next()).data.workFileChanged.documentCount).toBe(2);
    expect(await colleague.quietFor(600)).toEqual([]);
    expect(everything.received).toEqual([]);

    await link(workFile.id, shared.id);
    const seen = (await colleague.next()).data.workFileChanged;
    expect(seen).toEqual({ id: workFile.id, documentCount: 1, documents: [{ ordinal: 1, document: { numberNotation: '11/UBND-VP' } }] });
    expect((await everything.next()).data.workFileChanged.id).toBe(workFile.id);

    await ok(app, tokens.specialist!, 'moveDocumentInWorkFile', 'MoveWorkFileDocumentInput', { workFileId: workFile.id, documentId: hidden.id, position: 3 });
    await ok(app, tokens.specialist!, 'unlinkDocumentFromWorkFile', 'WorkFileDocumentInput', { workFileId: workFile.id, documentId: hiddenPlain.id });
    expect(await colleague.quietFor(600)).toEqual([]);

    // A change of the file itself, which the colleague sees, is heard.
    await ok(app, tokens.specialist!, 'updateWorkFile', 'UpdateWorkFileInput', { id: workFile.id, title: 'Hồ sơ kiểm tra thị trường' });
    expect((await colleague.next()).data.workFileChanged.id).toBe(workFile.id);
    await ok(app, tokens.specialist!, 'unlinkDocumentFromWorkFile', 'WorkFileDocumentInput', { workFileId: workFile.id, documentId: shared.id });
    expect((await colleague.next()).data.workFileChanged.documentCount).toBe(0);
    expect(colleague.received).toHaveLength(3);
    for (const subscription of [colleague, everything, owner]) await subscription.stop();
  });
});
