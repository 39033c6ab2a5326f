// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { existsSync, readdirSync, statSync } from 'node:fs';

import { createNodeResolver } from 'eslint-plugin-import-x';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (docs/ARCHITECTURE.md, "Layers"). A module
 * may import from its own layer and the layers below it, never from one above.
 */
const LAYERS = [
  ['config'],
  ['common'],
  ['database'],
  ['queue', 'email', 'audit', 'records'],
  ['directory', 'auth'],
  ['notifications'],
  ['content-guard'],
  ['plans'],
  ['guardians', 'redaction', 'talks'],
  ['requests'],
  ['register-extract', 'cadence', 'plan-access-log'],
  ['retention'],
  ['demo'],
  ['web', 'health'],
  ['app.module.ts', 'http-app.ts', 'service.ts', 'main.ts'],
];
const layerPath = (name) => `./src/${name}`;
/**
 * One exception: an entity file may import another module's entity classes, to declare the
 * foreign keys its table has (MikroORM 7 takes a relation's target only as a class). That is
 * schema metadata, not a query: the table ownership test still keeps a module's queries to its
 * own tables.
 */
const entityFilesOf = (name) =>
  existsSync(`src/${name}`) && statSync(`src/${name}`).isDirectory()
    ? readdirSync(`src/${name}`).filter((file) => /\.entit(y|ies)\.ts$/.test(file))
    : [];
const layerZones = LAYERS.slice(0, -1).flatMap((layer, index) =>
  LAYERS.slice(index + 1)
    .flat()
    .map((higher) => ({
      target: layer.map(layerPath),
      from: layerPath(higher),
      except: entityFilesOf(higher).map((file) => `./${file}`),
      message: `${layer.join(', ')} may not import from a higher layer (docs/ARCHITECTURE.md, "Layers").`,
    })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/artifacts/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      // Settings are read once, in src/config; everything else gets the typed AppConfig.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings through AppConfig (src/config).',
        },
      ],
    },
  },
  {
    files: [
      'src/config/**/*.ts',
      'test/**/*.ts',
      'test/**/*.mjs',
      'bench/**/*.mjs',
      '*.js',
      '*.mjs',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false },
      globals: {
        process: 'readonly',
        globalThis: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
  },
  {
    // Benchmarks and scripts are command-line tools: they print their results (and call the service over HTTP).
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: {
      globals: { console: 'readonly', fetch: 'readonly', setTimeout: 'readonly' },
    },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['public/js/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: layerZones },
      ],
    },
  },
  prettier,
);
