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
      // An area adds its loaders to the core's `Loaders` with `interface Loaders extends LoadersOf<…> {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Tests read GraphQL responses as loosely typed JSON.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // An area uses another only through that area's public.ts, so the rest of each folder can
    // change without the others; and never the server that assembles them (DESIGN: layout).
    files: ['src/areas/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/modules.ts'], message: 'An area never depends on the server that assembles it.' },
            { regex: '^\\.\\./(?!\\.\\.)[^/]+/(?!public\\.ts$)', message: "Import another area through its public.ts." },
            { regex: '^\\.\\./\\.\\./areas/', message: "Import another area as '../<area>/public.ts'." },
          ],
        },
      ],
    },
  },
  {
    // The core knows no area: an area plugs into it through its module (core/module.ts).
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/modules.ts', '**/areas/**'] }] },
  },
);
