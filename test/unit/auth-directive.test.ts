import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { UnguardedFieldError } from '../../src/core/directive.ts';
import { buildSchema, readTypeDefs } from '../../src/server/schema.ts';

describe('the @auth build-time check', () => {
  it('builds the real schema', () => {
    expect(() => buildSchema()).not.toThrow();
  });

  it.each(['Query', 'Mutation', 'Subscription'])('refuses a %s field with neither @auth nor @public', (root) => {
    const extension = `extend type ${root} { leak: String }`;
    expect(() => buildSchema([...readTypeDefs(), extension])).toThrow(UnguardedFieldError);
    expect(() => buildSchema([...readTypeDefs(), extension])).toThrow(`${root}.leak`);
  });

  it('refuses a field marked both @auth and @public', () => {
    expect(() => buildSchema([...readTypeDefs(), 'extend type Query { both: String @auth @public }'])).toThrow(UnguardedFieldError);
  });

  it('accepts a new root field once it says who may use it', () => {
    expect(() => buildSchema([...readTypeDefs(), 'extend type Query { guarded: String @auth(requires: [CLERK]) }'])).not.toThrow();
  });

  it('finds @auth or @public on every root field of the committed schema', () => {
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    const fields = readTypeDefs()
      .flatMap((source) => parse(source).definitions)
      .filter(
        (definition): definition is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
          (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
          roots.has(definition.name.value),
      )
      .flatMap((definition) => definition.fields ?? []);
    expect(fields.length).toBeGreaterThan(20);
    for (const field of fields) {
      const names = (field.directives ?? []).map((directive) => directive.name.value);
      expect(names.includes('auth') || names.includes('public'), field.name.value).toBe(true);
    }
  });
});
