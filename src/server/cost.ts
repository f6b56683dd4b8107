import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../core/connection.ts';
import type { Context } from '../core/context.ts';

/**
 * What an operation may cost, in records the server may have to read: every object a field
 * returns counts once for each parent it is read under. A connection reads as many as its
 * `first`/`last` asks (its default page when absent, the largest page when the size is a variable
 * not yet known); a plain list is taken to hold LIST_SIZE. Leaves are free: they are columns of
 * rows already read. So a frontend's page of 100 documents with their files, register and people
 * passes, and a unit tree asked ten levels down through `children` does not.
 */
export const COST_LIMIT = 10_000;
/** What a list that is not a connection is taken to hold (units of a tree, files of a document). */
export const LIST_SIZE = 10;

type Variables = Record<string, unknown> | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  /** Selections walked so far: fragments spread twice into each other would otherwise take 2^n steps. */
  steps: number;
}

/** Past this many selections walked the operation is over the limit, whatever it would have summed to. */
const MAX_STEPS = 50_000;

/** A page size asked by literal or variable; with variables unknown, the worst a variable allows. */
function sizeOf(value: ValueNode, walk: Walk, declaredDefaults: Map<string, ValueNode | undefined>): number {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    if (walk.variables && typeof walk.variables[name] === 'number') return walk.variables[name] as number;
    const fallback = declaredDefaults.get(name);
    if (walk.variables && walk.variables[name] === undefined && fallback?.kind === Kind.INT) return Number(fallback.value);
    return walk.variables ? DEFAULT_PAGE_SIZE : MAX_PAGE_SIZE;
  }
  return DEFAULT_PAGE_SIZE;
}

const isConnection = (type: GraphQLCompositeType) => type.name.endsWith('Connection');

function selectionCost(
  walk: Walk,
  defaults: Map<string, ValueNode | undefined>,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  multiplier: number,
  page: number,
  seen: Set<string>,
): number {
  let cost = 0;
  for (const selection of set.selections) {
    walk.steps += 1;
    if (walk.steps > MAX_STEPS) return COST_LIMIT + 1;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) cost += selectionCost(walk, defaults, selection.selectionSet, type, multiplier, page, seen);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value);
      if (type && isCompositeType(type)) cost += selectionCost(walk, defaults, fragment.selectionSet, type, multiplier, page, new Set([...seen, fragment.name.value]));
    } else {
      cost += fieldCost(walk, defaults, selection, parent, multiplier, page, seen);
    }
  }
  return cost;
}

function fieldCost(walk: Walk, defaults: Map<string, ValueNode | undefined>, field: FieldNode, parent: GraphQLCompositeType, multiplier: number, page: number, seen: Set<string>): number {
  if (!field.selectionSet || field.name.value.startsWith('__')) return 0;
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!definition) return 0;
  const type = getNamedType(definition.type);
  if (!isCompositeType(type)) return 0;
  let size = 1;
  let childPage = page;
  if (isConnection(type)) {
    const asked = field.arguments?.find((argument) => argument.name.value === 'first' || argument.name.value === 'last');
    childPage = Math.min(asked ? sizeOf(asked.value, walk, defaults) : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  } else if (isConnection(parent) && (field.name.value === 'nodes' || field.name.value === 'edges')) {
    size = page;
  } else if (isListType(getNullableType(definition.type))) {
    size = LIST_SIZE;
  }
  return multiplier * size + selectionCost(walk, defaults, field.selectionSet, type, multiplier * size, childPage, seen);
}

/**
 * The cost of one operation of a document; `variables` undefined when they are not known yet
 * (validation), which takes each variable page size at its worst.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): number {
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const defaults = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]));
  return selectionCost({ schema, fragments, variables, steps: 0 }, defaults, operation.selectionSet, root, 1, DEFAULT_PAGE_SIZE, new Set());
}

/** The refusal of an operation over the limit: the client's mistake (HTTP 400), with its figures. */
export function tooCostly(cost: number): GraphQLError {
  return new GraphQLError(`Truy vấn quá tốn kém: chi phí ${cost}, tối đa ${COST_LIMIT}. Hãy xin trang nhỏ hơn hoặc bớt các danh sách lồng nhau.`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, limit: COST_LIMIT, http: { status: 400 } },
  });
}

/** The validation rule of the WebSocket path, where the document is validated once, before any variable is known. */
export function costRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const cost = operationCost(context.getSchema(), context.getDocument(), operation, undefined);
      if (cost > COST_LIMIT) context.reportError(tooCostly(cost));
    },
  };
}

/**
 * Over HTTP the cost is judged by this plugin, with the variables the operation came with (Apollo
 * caches validated documents, and would relabel a validation error GRAPHQL_VALIDATION_FAILED):
 * over the limit it is refused with QUERY_TOO_COSTLY; otherwise the answer's `extensions.cost`
 * ({ requested, limit }) tells a frontend how near its query is to the limit.
 */
export function costPlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => {
      let requested: number | null = null;
      return {
        didResolveOperation: async ({ document, operation, request }) => {
          if (!operation) return;
          requested = operationCost(schema, document, operation, request.variables ?? {});
          if (requested > COST_LIMIT) throw tooCostly(requested);
        },
        willSendResponse: async ({ response }) => {
          if (requested === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested, limit: COST_LIMIT } };
        },
      };
    },
  };
}
