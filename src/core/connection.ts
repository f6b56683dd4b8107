import { Cursor, type EntityName, type FilterQuery, type OrderDefinition } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { findRows } from './lean-rows.ts';

/**
 * Relay connections with keyset pagination (MikroORM's findByCursor): a page costs one query,
 * plus one count when the client asks for totalCount, whatever the page's position.
 */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

function checkSize(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badInput(`Số bản ghi mỗi trang phải từ 0 đến ${MAX_PAGE_SIZE}.`, argument);
  }
  return value;
}

/** Whether the selection asks for `field` directly under the connection. */
function selects(info: GraphQLResolveInfo | undefined, field: string): boolean {
  if (!info) return true;
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((selection) => selection.kind !== 'Field' || selection.name.value === field),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A cursor must hold one value of the right type per sort key: a forged one ("x" for a date or a
 * uuid) would otherwise reach the database and come back as a server error.
 */
function isCursor(em: EntityManager, entity: EntityName<object>, value: string, keys: string[]): boolean {
  let decoded: unknown;
  try {
    decoded = Cursor.decode(value);
  } catch {
    return false;
  }
  if (!Array.isArray(decoded) || decoded.length !== keys.length) return false;
  const properties = em.getMetadata().find(entity)?.properties ?? {};
  return keys.every((key, index) => {
    const property = (properties as Record<string, { runtimeType?: string; columnTypes?: string[] }>)[key];
    const item: unknown = decoded[index];
    if (property?.columnTypes?.[0] === 'uuid') return typeof item === 'string' && UUID.test(item);
    switch (property?.runtimeType) {
      case 'Date':
        return (typeof item === 'string' || typeof item === 'number') && !Number.isNaN(new Date(item).getTime());
      case 'number':
        return typeof item === 'number' && Number.isFinite(item);
      case 'boolean':
        return typeof item === 'boolean';
      default:
        return typeof item === 'string';
    }
  });
}

/** How a page's rows are read: as entities (MikroORM's own cursor) or as rows for display. */
type PageReader = <T extends object>(em: EntityManager, entity: EntityName<T>, options: PageQuery<T>) => Promise<{ items: T[]; totalCount?: number }>;

interface PageQuery<T> {
  where: FilterQuery<T>;
  orderBy: OrderDefinition<T>;
  first?: number;
  last?: number;
  after?: string;
  before?: string;
  includeCount: boolean;
}

// What em.findByCursor does, without its Cursor: page() makes one for entities and rows alike.
const readEntities: PageReader = async (em, entity, { where, includeCount, ...cursor }) => {
  const options = { ...cursor, overfetch: true } as never;
  if (!includeCount) return { items: await em.find(entity, where as never, options) };
  const [items, totalCount] = await em.findAndCount(entity, where as never, options);
  return { items, totalCount };
};

const readRows: PageReader = async (em, entity, { where, includeCount, ...cursor }) => {
  const [items, totalCount] = await Promise.all([
    findRows(em, entity, where, { ...cursor, overfetch: true } as never),
    includeCount ? em.count(entity, where as never) : undefined,
  ]);
  return { items, totalCount };
};

/** A connection of entities: for records whose resolvers load their relations. */
export function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  args: PageArgs,
  info?: GraphQLResolveInfo,
  /** How to count the rows when the client asks for totalCount, if not by `where` as it stands. */
  countRows?: () => Promise<number>,
): Promise<Connection<T>> {
  return page(readEntities, em, entity, where, orderBy, args, info, countRows);
}

/**
 * A connection of rows read for display (lean-rows.ts): for the long lists (documents, accounts)
 * whose resolvers read only columns and relation ids.
 */
export function paginateRows<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  args: PageArgs,
  info?: GraphQLResolveInfo,
  countRows?: () => Promise<number>,
): Promise<Connection<T>> {
  return page(readRows, em, entity, where, orderBy, args, info, countRows);
}

async function page<T extends object>(
  read: PageReader,
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  args: PageArgs,
  info: GraphQLResolveInfo | undefined,
  countRows: (() => Promise<number>) | undefined,
): Promise<Connection<T>> {
  const first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  const includeCount = selects(info, 'totalCount');
  for (const argument of ['after', 'before'] as const) {
    const cursor = args[argument];
    if (cursor && !isCursor(em, entity as EntityName<object>, cursor, Object.keys(orderBy))) throw badInput('Con trỏ phân trang không hợp lệ.', argument);
  }
  const query: PageQuery<T> = {
    where,
    orderBy,
    ...(last !== undefined || args.before ? { last: last ?? DEFAULT_PAGE_SIZE } : { first: first ?? DEFAULT_PAGE_SIZE }),
    ...(args.after ? { after: args.after } : {}),
    ...(args.before ? { before: args.before } : {}),
    includeCount: includeCount && !countRows,
  };
  const [found, counted] = await Promise.all([read(em, entity, query), includeCount && countRows ? countRows() : undefined]);
  // MikroORM's Cursor trims the overfetched row and encodes cursors, for entities and rows alike.
  const cursor = new Cursor(found.items as never[], found.totalCount ?? 0, { ...query, overfetch: true } as never, em.getMetadata().get(entity));
  const items = cursor.items as T[];
  return {
    // Encoded only when asked for: most clients read `nodes` and pageInfo's cursors.
    get edges() {
      return items.map((node) => ({ cursor: cursor.from(node as never), node }));
    },
    nodes: items,
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: counted ?? found.totalCount ?? 0,
  };
}
