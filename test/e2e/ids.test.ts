import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/core/ids.ts';
import { buildSchema } from '../../src/server/schema.ts';
import { nextValue, startSignedIn, type SignedIn, type TestApp } from '../support/app.ts';

/**
 * One id decoder (src/core/ids.ts): anything malformed given where a query or a subscription takes
 * an id — an argument, or an id inside a filter — answers NOT_FOUND, the same as the id of a
 * record that does not exist, never INTERNAL_SERVER_ERROR. Walks the real schema, so a root field
 * added later is covered without a line here.
 */

let app: TestApp;
const people: SignedIn = { tokens: {}, ids: {}, units: {} };
const schema = buildSchema();

const MALFORMED = ['garbage', '', toGlobalId('Account', randomUUID()).slice(0, 10), Buffer.from('Document:not-a-uuid').toString('base64url')];

/** A value of an input type good enough to get past validation, for the arguments not under test. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((field) => isNonNullType(field.type)).map((field) => [field.name, sample(field.type)]));
  }
  const samples: Record<string, unknown> = { ID: toGlobalId('Document', randomUUID()), String: 'x', Int: 1, Float: 1, Boolean: true, LocalDate: '2026-01-01', DateTime: '2026-01-01T00:00:00Z' };
  return samples[getNamedType(type).name] ?? 'x';
}

interface Case {
  label: string;
  operation: 'query' | 'subscription';
  text: string;
  variables: (id: string) => Record<string, unknown>;
}

const isId = (type: GraphQLInputType) => getNamedType(type).name === 'ID';

/** Every place a root field takes an id: the argument itself, or a field of an input object argument. */
function casesOf(operation: 'query' | 'subscription', fields: Record<string, GraphQLField<unknown, unknown>>): Case[] {
  const cases: Case[] = [];
  for (const field of Object.values(fields)) {
    const returns = getNamedType(field.type);
    const selection = isObjectType(returns) || isAbstractType(returns) ? '{ __typename }' : '';
    const declare = (args: readonly GraphQLArgument[]) => args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
    const text = `${operation} ${field.args.length ? `(${declare(field.args)})` : ''} { ${field.name}${field.args.length ? `(${field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : ''} ${selection} }`;
    const base = () => Object.fromEntries(field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => [arg.name, sample(arg.type)]));
    for (const arg of field.args) {
      if (isId(arg.type)) {
        cases.push({ label: `${field.name}(${arg.name})`, operation, text, variables: (id) => ({ ...base(), [arg.name]: isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) ? [id] : id }) });
        continue;
      }
      const input = getNamedType(arg.type);
      if (!isInputObjectType(input)) continue;
      for (const inner of Object.values(input.getFields())) {
        if (!isId(inner.type)) continue;
        const list = isListType(isNonNullType(inner.type) ? inner.type.ofType : inner.type);
        cases.push({
          label: `${field.name}(${arg.name}.${inner.name})`,
          operation,
          text,
          variables: (id) => ({ ...base(), [arg.name]: { ...(sample(input) as object), [inner.name]: list ? [id] : id } }),
        });
      }
    }
  }
  return cases;
}

const queryCases = casesOf('query', schema.getQueryType()!.getFields());
const subscriptionCases = casesOf('subscription', schema.getSubscriptionType()!.getFields());

/** The accounts that together hold every role: some root fields are theirs alone. */
const EVERYONE = ['leader', 'itOfficer', 'confidentialClerk', 'specialist', 'informationLead', 'mailboxReader', 'oneStopDesk', 'legalAppraiser'] as const;

beforeAll(async () => {
  app = await startSignedIn(people);
});

afterAll(async () => {
  await app?.close();
});

describe('a malformed id in a query', () => {
  it('the schema has id-taking query fields to check (the walk finds them)', () => {
    expect(queryCases.map((c) => c.label)).toEqual(expect.arrayContaining(['document(id)', 'node(id)', 'documents(filter.registerId)']));
  });

  it.each(queryCases.map((c) => [c.label, c] as const))('%s answers NOT_FOUND for every malformed id, never a server error', async (_, testCase) => {
    let answeredBySomeone = false;
    for (const person of EVERYONE) {
      for (const id of MALFORMED) {
        const response = await app.gql(testCase.text, testCase.variables(id), people.tokens[person]);
        const codes = (response.errors ?? []).map((error) => error.extensions?.code);
        expect(codes, `${person} ${JSON.stringify(id)}: ${JSON.stringify(response.errors)}`).not.toContain('INTERNAL_SERVER_ERROR');
        if (codes.includes('FORBIDDEN')) continue;
        answeredBySomeone = true;
        // `nodes` answers a list with a null for each id not found; everything else, NOT_FOUND.
        if (testCase.label === 'nodes(ids)') expect(response.data).toEqual({ nodes: [null] });
        else expect(codes, `${person} ${JSON.stringify(id)}`).toEqual(['NOT_FOUND']);
      }
    }
    expect(answeredBySomeone).toBe(true);
  });

  it('reads a malformed document id exactly as the id of a document that does not exist', async () => {
    // What a client can tell apart: data, messages and codes (a development server adds stack traces).
    const read = async (id: string) => {
      const { data, errors } = await app.gql('query ($id: ID!) { document(id: $id) { id subject } }', { id }, people.tokens.leader);
      return { data, errors: errors?.map((error) => ({ message: error.message, code: error.extensions?.code, path: error.path })) };
    };
    const missing = await read(toGlobalId('Document', randomUUID()));
    expect(missing.errors?.[0]?.code).toBe('NOT_FOUND');
    for (const id of MALFORMED) expect(await read(id)).toEqual(missing);
    // An id of another type is malformed here too.
    expect(await read(people.ids.leader!)).toEqual(missing);
  });
});

describe('a malformed id in a subscription', () => {
  it.each(subscriptionCases.map((c) => [c.label, c] as const))('%s ends with NOT_FOUND, the socket stays up', async (_, testCase) => {
    // As the leader, or (for a field the leader's role does not open) the first person it opens to.
    let answered = false;
    for (const person of ['leader', ...EVERYONE.filter((someone) => someone !== 'leader')]) {
      const { client, closed } = app.ws(people.tokens[person]!);
      const codesOf = async (id: string) => {
        // A subscription refused at its start answers one result with the errors, then completes.
        const subscription = nextValue(client, testCase.text, testCase.variables(id));
        const first = await subscription.next();
        const errors = (first.value as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
        expect((await subscription.next()).done).toBe(true);
        return { codes: errors.map((error) => error.extensions?.code), first };
      };
      if ((await codesOf(MALFORMED[0]!)).codes.includes('FORBIDDEN')) {
        client.dispose();
        continue;
      }
      for (const id of MALFORMED) {
        const { codes, first } = await codesOf(id);
        expect(codes, `${person} ${JSON.stringify(id)}: ${JSON.stringify(first)}`).toEqual(['NOT_FOUND']);
      }
      // The socket stays open: each refusal ended only its own subscription.
      const stillOpen = await Promise.race([closed.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 300))]);
      expect(stillOpen).toBe(true);
      client.dispose();
      answered = true;
      break;
    }
    expect(answered).toBe(true);
  });
});
