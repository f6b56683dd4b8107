/**
 * The raw-SQL floor for the documents list (issue 12): what the same first page costs with no
 * GraphQL and no ORM on the request path — node:http, one pg pool as large as the server's, and
 * two statements per request: the token to its account, and the page. The page statement is the
 * one Vanthu's own policy gives for that viewer and filter (documentWays + the filter, rendered by
 * MikroORM's query builder once, before the run), with the handed-to names joined in, so both
 * answer the same rows; what the floor leaves out is exactly what a GraphQL server adds (parsing,
 * validation, resolvers, the per-field sealing of content).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { authenticate } from '../src/areas/accounts/sign-in.ts';
import { hashToken } from '../src/areas/accounts/tokens.ts';
import { documentWays } from '../src/areas/documents/document-policy.ts';
import { Document } from '../src/areas/documents/document.ts';
import { documentKind } from '../src/areas/documents/kinds.ts';
import { formatRegisterNumber, numberNotationOf } from '../src/areas/documents/notation.ts';
import { toGlobalId } from '../src/core/ids.ts';
import { anyWay } from '../src/core/policy.ts';

const COLUMNS = ['id', 'registerNumber', 'registerYear', 'number', 'notation', 'issuingOrgan', 'issuedOn', 'receivedAt', 'registeredAt', 'kind', 'confidentiality', 'urgency', 'status', 'subject', 'handlerIds', 'createdAt'] as const;

interface PageRow {
  id: string;
  register_number: number | null;
  register_year: number | null;
  number: string | null;
  notation: string | null;
  issuing_organ: string | null;
  issued_on: string | null;
  received_at: Date | null;
  registered_at: Date | null;
  kind: string;
  confidentiality: string;
  urgency: string;
  status: string;
  subject: string;
  created_at: Date;
  handed_to: { id: string; full_name: string }[] | null;
}

export interface RawFloor {
  url: string;
  stop(): Promise<void>;
}

/** The floor's page statement for one viewer and one filter, as text with its values inlined. */
async function pageStatement(orm: MikroORM, token: string, filter: Record<string, unknown>, pageSize: number): Promise<string> {
  const em = orm.em.fork();
  const authentication = await authenticate(em, token);
  if (!authentication.viewer) throw new Error('the raw floor needs signed-in viewers');
  const viewer = authentication.viewer;
  const page = em
    .createQueryBuilder(Document, 'd')
    .select([...COLUMNS])
    .where({ $and: [{ organisation: viewer.organisationId }, anyWay(documentWays(viewer)), filter] } as never)
    .orderBy({ createdAt: 'desc', id: 'desc' })
    .limit(pageSize + 1)
    .getFormattedQuery();
  return `select p.*, (select json_agg(json_build_object('id', h.id, 'full_name', h.full_name)) from account h where h.id = any(p.handler_ids::uuid[])) as handed_to from (${page}) p`;
}

function node(row: PageRow) {
  return {
    id: toGlobalId('Document', row.id),
    registerNumber: row.register_number == null ? null : formatRegisterNumber(row.register_number),
    registerYear: row.register_year,
    numberNotation: numberNotationOf(row),
    issuingOrgan: row.issuing_organ,
    issuedOn: row.issued_on,
    receivedAt: row.received_at,
    registeredAt: row.registered_at,
    kind: { code: row.kind, name: documentKind(row.kind)?.name ?? row.kind },
    confidentiality: row.confidentiality,
    urgency: row.urgency,
    status: row.status,
    viewerCanReadContent: true,
    subject: row.subject,
    handedTo: (row.handed_to ?? []).map((account) => ({ id: toGlobalId('Account', account.id), fullName: account.full_name })),
  };
}

/**
 * Starts the floor for these viewers' tokens and these filters (the variables the load sends, by
 * their `filter`), on a pool of `poolSize` connections to `databaseUrl`.
 */
export async function startRawFloor(orm: MikroORM, databaseUrl: string, tokens: string[], filters: Record<string, unknown>[], pageSize: number, poolSize: number): Promise<RawFloor> {
  const statements = new Map<string, string>();
  for (const token of tokens) {
    for (const filter of filters) statements.set(`${hashToken(token)} ${JSON.stringify(filter)}`, await pageStatement(orm, token, filter, pageSize));
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { filter?: Record<string, unknown> } };
          const tokenHash = hashToken(String(request.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
          const { rows: accounts } = await pool.query(
            'select a.id from "session" s join account a on a.id = s.account_id where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now() and a.status = $2',
            [tokenHash, 'ACTIVE'],
          );
          const statement = statements.get(`${tokenHash} ${JSON.stringify(body.variables?.filter ?? {})}`);
          if (!accounts[0] || !statement) {
            response.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unauthenticated"}]}');
            return;
          }
          const { rows } = await pool.query<PageRow>(statement);
          const nodes = rows.slice(0, pageSize).map(node);
          const last = rows[Math.min(rows.length, pageSize) - 1];
          const endCursor = last ? Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url') : null;
          const answer = { data: { documents: { pageInfo: { hasNextPage: rows.length > pageSize, endCursor }, nodes } } };
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        } catch (error) {
          response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error) }] }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
