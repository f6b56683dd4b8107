import { expect } from 'vitest';
import type { TestApp } from './app.ts';

/**
 * The mutations most tests set up with, named once: each builder sends the operation, expects no
 * errors and no userErrors, and returns the record made. Tests that are about a mutation's own
 * refusals call it themselves.
 */
export const OPERATIONS = {
  createUnit: `mutation ($input: CreateUnitInput!) { createUnit(input: $input) { unit { id code } userErrors { field code message } } }`,
  registerIncoming: `mutation ($input: RegisterIncomingDocumentInput!) { registerIncomingDocument(input: $input) { document { id } userErrors { field code message } } }`,
  directDocument: `mutation ($input: DirectDocumentInput!) { directDocument(input: $input) { direction { assignments { id role } } userErrors { field code message } } }`,
  assignTask: `mutation ($input: AssignTaskInput!) { assignTask(input: $input) { task { id title } userErrors { field code message } } }`,
} as const;

async function run<T>(app: TestApp, token: string, name: keyof typeof OPERATIONS, input: Record<string, unknown>, pick: (payload: any) => T): Promise<T> {
  const response = await app.gql(OPERATIONS[name], { input }, token);
  expect(response.errors, `${name}: ${JSON.stringify(response.errors)}`).toBeUndefined();
  expect(response.data?.[name === 'registerIncoming' ? 'registerIncomingDocument' : name].userErrors, name).toEqual([]);
  return pick(response.data?.[name === 'registerIncoming' ? 'registerIncomingDocument' : name]);
}

let serial = 0;

export function createUnit(app: TestApp, token: string, input: { name?: string; code?: string; kind?: string; parentId?: string }) {
  serial += 1;
  return run(app, token, 'createUnit', { name: `Tổ thử nghiệm ${serial}`, code: `TTN-${serial}`, kind: 'NHOM', ...input }, (payload) => payload.unit as { id: string; code: string });
}

/**
 * An incoming document registered by a clerk; `input` overrides the defaults, and `notation` the
 * notation its fresh number goes with (so each document is a new one, never a probable duplicate).
 */
export function registerIncoming(app: TestApp, clerkToken: string, input: Record<string, unknown> = {}, notation = 'UBND-VP') {
  serial += 1;
  return run(
    app,
    clerkToken,
    'registerIncoming',
    { kind: 'CONG_VAN', numberNotation: `${serial}/${notation}`, issuingOrgan: 'UBND tỉnh', issuedOn: new Date().toISOString().slice(0, 10), subject: `Văn bản thử nghiệm ${serial}`, ...input },
    (payload) => payload.document as { id: string },
  );
}

/** A leader's direction of a document, with its assignments. */
export function directDocument(app: TestApp, leaderToken: string, input: { documentId: string; assignees: Record<string, unknown>[]; note?: string; trackAsTask?: boolean }) {
  return run(app, leaderToken, 'directDocument', { note: 'Giao xử lý', ...input }, (payload) => payload.direction as { assignments: { id: string; role: string }[] });
}

export function assignTask(app: TestApp, token: string, input: Record<string, unknown>) {
  serial += 1;
  return run(app, token, 'assignTask', { title: `Nhiệm vụ thử nghiệm ${serial}`, deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(), ...input }, (payload) => payload.task as { id: string; title: string });
}
