import { Cursor, type EntityName, type FilterQuery, type OrderDefinition } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';

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

function isCursor(value: string, keys: number): boolean {
  try {
    const decoded = Cursor.decode(value);
    return Array.isArray(decoded) && decoded.length === keys;
  } catch {
    return false;
  }
}

export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  orderBy: OrderDefinition<T>,
  args: PageArgs,
  info?: GraphQLResolveInfo,
): Promise<Connection<T>> {
  const first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  const includeCount = selects(info, 'totalCount');
  for (const argument of ['after', 'before'] as const) {
    const cursor = args[argument];
    if (cursor && !isCursor(cursor, Object.keys(orderBy).length)) throw badInput('Con trỏ phân trang không hợp lệ.', argument);
  }
  const page = await em.findByCursor(entity, {
      where,
      orderBy,
      ...(last !== undefined || args.before ? { last: last ?? DEFAULT_PAGE_SIZE } : { first: first ?? DEFAULT_PAGE_SIZE }),
      ...(args.after ? { after: args.after } : {}),
      ...(args.before ? { before: args.before } : {}),
    includeCount,
  } as never);
  const items = page.items as T[];
  return {
    edges: items.map((node) => ({ cursor: page.from(node as never), node })),
    nodes: items,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPrevPage,
      startCursor: page.startCursor,
      endCursor: page.endCursor,
    },
    totalCount: (page.totalCount as number | undefined) ?? 0,
  };
}
