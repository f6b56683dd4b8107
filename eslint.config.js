import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated code (codegen, MikroORM migrations) is checked by its generator, not by lint.
  { ignores: ['node_modules/', 'data/', 'src/generated/', 'migrations/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a const tuple: Node strips types and cannot run enums.' }],
    },
  },
  {
    // Tests read GraphQL responses as loosely typed JSON.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Domain code never depends on GraphQL (DESIGN: data flows one way).
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['graphql', 'graphql/*', '@apollo/*', '**/resolvers/**', '**/server/**'] }] },
  },
);
