// ESM end to end: the package is "type": "module", so tests run under Node's VM modules.
// ts-jest only transpiles (isolatedModules); `npm run lint` type-checks src and test with tsc.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // pdf-lib's pako is Node's zlib in the tests as in the bundle, so both write the same bytes.
  resolver: '<rootDir>/test/helpers/resolver.cjs',
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: { ignoreCodes: [151002] } }] },
  // Only the code and the tests are crawled for Jest's file map: not bench/.work's generated
  // repositories (90,000 files on a machine that ran the benchmark), dist/ or node_modules.
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // test/heavy is the extended tier: `npm run test:heavy` (jest.heavy.config.js), run by .ci/run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/heavy/'],
  testTimeout: 60000,
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/helpers/sequencer.cjs',
  globalSetup: '<rootDir>/test/helpers/global-setup.mjs',
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
};
