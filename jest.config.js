/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  // openid-client and its dependencies are ES modules only; let swc make CommonJS of them.
  // NestJS 12, MikroORM 7 and Kysely are ES modules too: on Node 24 jest 30 loads them through
  // require(esm), as Node loads them for the built service, so they are not transformed.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // Jest's default on two cores is one worker; the suites mostly wait on PostgreSQL, a browser or
  // a child process, so two keep both cores busy.
  maxWorkers: 2,
  // Each suite loads the service's modules afresh (the free-text guard's 50,000 terms and its
  // model among them) and a worker's heap grows with every suite it runs until the last ones die
  // out of memory; a worker past this between two suites is replaced by a fresh one.
  workerIdleMemoryLimit: '1536MB',
  // Per-project testTimeout is not honoured; the slow tiers (processes, browser) need this.
  // Browser journeys took 45–60 s beside a second worker's journeys on 2 cores (2026-12-07);
  // a hang still fails, later. Speed is the benchmarks' business, never a test's.
  testTimeout: 120000,
  // A real PostgreSQL for the suites: DATABASE_URL's, else an embedded one started here.
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      // The medium tier: services and their queries against a real migrated PostgreSQL, no HTTP.
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testTimeout: 120000,
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      testTimeout: 120000,
    },
    {
      // Faults, load with faults, fuzzing, the access matrix, web security and the audit chain:
      // test/reliability/<category>.<topic>.rel-spec.ts, summed up per category at the end.
      ...shared,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'],
      testTimeout: 120000,
    },
  ],
  reporters: ['default', '<rootDir>/test/support/category-reporter.mjs'],
};
