/** jest in native-ESM mode with @swc/jest (see ../shared/TOOLCHAIN.md): decorators and metadata for Nest. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      // Keep `with { type: 'json' }` (src/engine/presets): Node's ESM loader requires it.
      experimental: { keepImportAttributes: true },
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Compiles src/ for spawned processes and migrates the template database that every
  // integration test file clones (test/helpers/global-prepare.ts).
  globalSetup: '<rootDir>/test/helpers/global-setup.mjs',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.mjs',
  // An upper bound, not a speed check: integration tests start processes and wait for queues, which
  // on a loaded 2-CPU machine can take tens of seconds; unit tests finish far below this.
  testTimeout: 60_000,
};
