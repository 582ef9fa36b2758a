// ESLint for the whole project: eslint's and typescript-eslint's recommended
// rules, type-aware, plus the promise rules that make the code's `await` /
// `void` discipline checked rather than remembered. `npm run lint`; test/run.mjs
// counts it as one test.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', '**/dist/', '.dockyard/', 'site/.astro/', 'site/.build-*/', 'site/dist.building-*/', 'test-results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Each file is checked against the tsconfig that compiles it: the
        // root one (engine, server, cli, test, site's build scripts) or site/tsconfig.json (the browser scripts).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // require-await stays off: every async function without an await here is
      // async by contract (fastify's async plugins and hooks, which fastify
      // tells from callback-style ones; backend methods that return a
      // constant promise), and dropping `async` would change how they run.
      // Destructuring a property away to keep the rest is how the code omits one.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['site/src/scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
