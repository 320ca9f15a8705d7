/**
 * The end-to-end suite (`npm run test:e2e`): a real bot, the Agents Playground and Chromium, so it
 * runs apart from `npm test` (jest.config.js ignores test/e2e/), one file at a time, with long
 * timeouts for a busy 2-core machine.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  maxWorkers: 1,
  testTimeout: 120000,
};
