import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import type { Role } from './titles.ts';
import { forbidden, passwordChangeRequired, unauthenticated } from './errors.ts';
import { refreshContext, type Context } from './context.ts';
import { sharedRowsOf } from './shared-rows.ts';
import { actorOf } from './actor-of.ts';
import { authorityFor } from './viewer.ts';
import { withQueryErrors } from './query-errors.ts';

/**
 * The @auth and @public directives (DESIGN: authorization, layer 2). Every root field must carry
 * one of them, or the schema refuses to build: a new field is closed until someone decides who
 * may use it. The check wraps both `resolve` and `subscribe`.
 */
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

interface AuthRule {
  requires: Role[];
  beforePasswordChange: boolean;
  /** The scope an API key must hold to use the field; none: people only. */
  scope: string | null;
}

export class UnguardedFieldError extends Error {}

function check(context: Context, rule: AuthRule, isRoot: boolean): Context {
  const viewer = context.viewer;
  if (!viewer) {
    // An API key is no person: only a field naming a scope it holds lets it in, and it gets no
    // actor (an actor without a viewer is the deployment itself, which sees every record).
    if (context.client) {
      if (rule.scope === null || (rule.scope !== '*' && !context.client.scopes.includes(rule.scope))) throw forbidden();
      return context;
    }
    throw unauthenticated(context.authProblem ?? 'MISSING');
  }
  // The password rule gates entry points only; what a permitted root field returns is readable.
  if (isRoot && viewer.mustChangePassword && !rule.beforePasswordChange) throw passwordChangeRequired();
  const authority = authorityFor(viewer, rule.requires);
  if (!authority.allowed) throw forbidden();
  // Root fields hand the resolver the actor, with the leader whose delegation was used, if any.
  return isRoot ? { ...context, actor: actorOf(viewer, authority.onBehalfOfId) } : context;
}

export function applyAuthDirectives(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field: GraphQLFieldConfig<unknown, Context>, fieldName, typeName) => {
      const isRoot = ROOT_TYPES.has(typeName);
      const onField = getDirective(schema, field, 'auth')?.[0];
      const isPublic = getDirective(schema, field, 'public')?.[0] !== undefined;
      const type = schema.getType(typeName);
      const onType = type ? getDirective(schema, type, 'auth')?.[0] : undefined;
      if (isRoot && !onField && !isPublic) {
        throw new UnguardedFieldError(`${typeName}.${fieldName} has neither @auth nor @public: say who may use it.`);
      }
      if (onField && isPublic) throw new UnguardedFieldError(`${typeName}.${fieldName} has both @auth and @public.`);
      const rules = [onType, onField].filter((args) => args !== undefined).map(
        (args): AuthRule => ({
          requires: (args['requires'] as Role[] | undefined) ?? [],
          beforePasswordChange: args['beforePasswordChange'] === true,
          scope: typeof args['scope'] === 'string' ? args['scope'] : null,
        }),
      );
      const guard = (context: Context) => rules.reduce((current, rule) => check(current, rule, isRoot), context);
      // Queries and subscriptions answer a rejected argument (a malformed id…) as a top-level error.
      const answer = typeName === 'Query' || typeName === 'Subscription' ? withQueryErrors : <T>(run: () => T) => run();
      const resolve = field.resolve ?? defaultFieldResolver;
      if (rules.length === 0) {
        if (isRoot) field.resolve = (source, args, context, info) => answer(() => resolve(source, args, context, info));
        return field;
      }
      field.resolve =
        typeName === 'Subscription'
          ? (source, args, context, info) => {
              // Each event is checked with the rights the subscriber has when it is delivered; its
              // fields are read over the rows read once for all the event's subscribers, if any.
              if (context.connection) refreshContext(context, context.connection.viewer, sharedRowsOf(source));
              return answer(() => resolve(source, args, guard(context), info));
            }
          : (source, args, context, info) => answer(() => resolve(source, args, guard(context), info));
      const subscribe = field.subscribe;
      if (subscribe) field.subscribe = (source, args, context, info) => answer(() => subscribe(source, args, guard(context), info));
      return field;
    },
  });
}
