/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30000,
  // Fails the run if a test touched the checkout's ./.data or .cache (test/support/checkout-guard.ts).
  globalSetup: '<rootDir>/test/support/checkout-guard-setup.ts',
  globalTeardown: '<rootDir>/test/support/checkout-guard-teardown.ts',
};
