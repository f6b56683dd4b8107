import { wrap } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/areas/accounts/account.ts';
import { Document } from '../../src/areas/documents/document.ts';
import { forkForOrganisation } from '../../src/core/context.ts';
import { fromGlobalId } from '../../src/core/ids.ts';
import { findRows, rowEntityName } from '../../src/core/lean-rows.ts';
import { startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';
import { registerIncoming } from '../support/operations.ts';

/**
 * Documents and accounts are shown from rows read without entities (core/lean-rows.ts). A row must
 * be what the entity would be, property by property (a relation by its id), read under the same
 * tenant filter: otherwise a field would read differently in a list than by id, or another
 * organisation's row could slip in.
 */

const people: SignedIn = { tokens: {}, ids: {}, units: {} };
let app: TestApp;
beforeAll(async () => {
  app = await startSignedIn(people, { otherOrganisation: true });
  await registerIncoming(app, people.tokens.clerk!, { numberNotation: '12/UBND-KT', subject: 'Về kế hoạch', handedToAccountIds: [people.ids.specialist] });
  await registerIncoming(app, people.tokens.clerk!, { numberNotation: '13/UBND-KT', subject: 'Về báo cáo', urgency: 'KHAN' });
});
afterAll(() => app?.close());

/** What resolvers see of an entity: scalars as they are, a relation as its id. */
function shown(record: object, properties: string[]): Record<string, unknown> {
  return Object.fromEntries(
    properties.map((name) => {
      const value = (record as Record<string, unknown>)[name];
      return [name, value !== null && typeof value === 'object' && 'id' in value ? { id: (value as { id: string }).id } : value];
    }),
  );
}

describe('rows read for display', () => {
  for (const [entity, name] of [[Document, 'Document'], [Account, 'Account']] as const) {
    it(`of ${name} are its entities, property by property, under the tenant filter`, async () => {
      const organisationId = fromGlobalId((await app.gql('{ organisation { id } }', {}, people.tokens.leader)).data!.organisation.id)!.id;
      const entities = await forkForOrganisation(app.db.orm, organisationId).find(entity as never, {}, { orderBy: { id: 'asc' } } as never);
      const rows = await findRows(forkForOrganisation(app.db.orm, organisationId), entity as never, {}, { orderBy: { id: 'asc' } } as never);
      expect(entities.length).toBeGreaterThan(1);
      const meta = app.db.orm.getMetadata().get(entity as never);
      const visible = Object.values(meta.properties).filter((prop) => !prop.lazy && prop.kind !== '1:m' && prop.kind !== 'm:n').map((prop) => prop.name);
      expect(rows.map((row) => shown(row, visible))).toEqual(entities.map((entity) => shown(entity, visible)));
      // Some relation is set, so the comparison above compared ids and not only nulls.
      expect(rows.some((row) => visible.some((prop) => meta.properties[prop]!.kind === 'm:1' && (row as Record<string, unknown>)[prop] != null))).toBe(true);
      for (const row of rows) expect(rowEntityName(row)).toBe(name);
      expect(rowEntityName(entities[0] as object)).toBeUndefined();
      expect(wrap(entities[0] as object, true).__meta.className).toBe(name);

      // Another organisation's filter reads none of these rows.
      const otherId = fromGlobalId((await app.gql('{ organisation { id } }', {}, people.tokens.otherLeader)).data!.organisation.id)!.id;
      const other = await findRows(forkForOrganisation(app.db.orm, otherId), entity as never, { id: { $in: rows.map((row) => (row as { id: string }).id) } });
      expect(other).toEqual([]);
    });
  }

  it('answer a document the same in a list, by node id and through a relation', async () => {
    const FIELDS = 'id registerNumber numberNotation subject urgency status handedTo { id fullName } registeredBy { id username } register { id code }';
    const list = (await app.gql(`{ documents(first: 10) { nodes { ${FIELDS} } } }`, {}, people.tokens.clerk)).data!.documents.nodes;
    expect(list.length).toBeGreaterThan(1);
    for (const document of list) {
      const byId = (await app.gql(`query ($id: ID!) { node(id: $id) { __typename ... on Document { ${FIELDS} } } }`, { id: document.id }, people.tokens.clerk)).data!.node;
      expect(byId).toEqual({ __typename: 'Document', ...document });
    }
    const handedTo = list.find((document: { handedTo: unknown[] }) => document.handedTo.length > 0);
    const account = (await app.gql(`query ($id: ID!) { node(id: $id) { __typename ... on Account { id fullName } } }`, { id: handedTo.handedTo[0].id }, people.tokens.clerk)).data!.node;
    expect(account).toEqual({ __typename: 'Account', ...handedTo.handedTo[0] });
  });
});
