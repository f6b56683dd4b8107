import { expect } from 'vitest';
import { addOrganisation, type TestApp } from './app.ts';

/**
 * Flows several tests play over HTTP: an outgoing document issued by the demo agency to a second
 * agency of the deployment, registered there and recalled by its sender (Decree 30 Art. 18 §4).
 */
export async function ok(app: TestApp, token: string, name: string, type: string, input: Record<string, unknown>, selection = ''): Promise<any> {
  const response = await app.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`, { input }, token);
  expect(response.errors, name).toBeUndefined();
  expect(response.data?.[name].userErrors, name).toEqual([]);
  return response.data![name];
}

export interface Receiver {
  organisationId: string;
  tokens: { clerk: string; leader: string; specialist: string; unitHead: string; itOfficer: string };
  ids: { specialist: string; leader: string };
  /** Sends the demo agency's issued document there and answers the receiver's copy, registered and handed to its specialist. */
  receive(subject: string): Promise<{ draftId: string; copyId: string }>;
}

/** A second agency (`suffix`) receiving what the demo agency's people (`senders`: role → token) issue to it. */
export async function receivingAgency(app: TestApp, senders: Record<string, string>, suffix = 'nhan'): Promise<Receiver> {
  const other = await addOrganisation(app, suffix);
  const tokens = {
    clerk: await app.login(`maipt.${suffix}`),
    leader: await app.login(`minhnv.${suffix}`),
    specialist: await app.login(`hantt.${suffix}`),
    unitHead: await app.login(`namlh.${suffix}`),
    itOfficer: await app.login(`ducdd.${suffix}`),
  };
  const ids = {
    specialist: (await app.gql('{ me { id } }', {}, tokens.specialist)).data!.me.id,
    leader: (await app.gql('{ me { id } }', {}, tokens.leader)).data!.me.id,
  };
  const directory = (await app.gql('{ organisationDirectory { id name } }', {}, senders.clerk)).data!.organisationDirectory;
  const target = directory.find((entry: { name: string }) => entry.name.includes(`(${suffix})`)).id;
  return {
    organisationId: other.organisationId,
    tokens,
    ids,
    async receive(subject) {
      const step = (name: string, role: string, input: Record<string, unknown>) => ok(app, senders[role]!, name, name === 'createOutgoingDraft' ? 'CreateOutgoingDraftInput' : 'OutgoingStepInput', input, 'document { id }');
      const draft = (await step('createOutgoingDraft', 'specialist', { kind: 'CONG_VAN', subject })).document;
      await step('submitOutgoingDocument', 'specialist', { id: draft.id });
      await step('forwardOutgoingDocument', 'unitHead', { id: draft.id });
      await step('approveOutgoingDocument', 'leader', { id: draft.id });
      await step('issueOutgoingDocument', 'clerk', { id: draft.id, sendToOrganisationIds: [target] });
      const arrived = (await app.gql('{ documents(first: 50, filter: { status: RECEIVED }) { nodes { id subject } } }', {}, tokens.clerk)).data!.documents.nodes;
      const copy = arrived.find((node: { subject: string }) => node.subject === subject);
      await ok(app, tokens.clerk, 'registerReceivedDocument', 'RegisterReceivedDocumentInput', { id: copy.id, handedToAccountIds: [ids.specialist] });
      return { draftId: draft.id, copyId: copy.id };
    },
  };
}

/** The sender recalls its issued document: every copy at the receivers is withdrawn. */
export async function recall(app: TestApp, leaderToken: string, draftId: string, reason = 'Ban hành nhầm'): Promise<void> {
  await ok(app, leaderToken, 'recallOutgoingDocument', 'RecallDocumentInput', { id: draftId, reason });
}
