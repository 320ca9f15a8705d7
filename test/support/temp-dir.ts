import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * Folders of a test's own under the OS temp folder, removed when the test file ends. A test that
 * falls back to the defaults (STORAGE_PATH ./.data, DEMO_DATA_DIR .cache/demo) reads and writes
 * the checkout: an incident left by trying the bot locally once failed the roles test. The jest
 * global setup (test/support/checkout-guard.ts) fails a run that changes either folder.
 */

const created: string[] = [];

// Registered when a test file first imports this module, so it runs after that file's tests.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A new empty folder for this test file, removed after its tests. */
export function tempDir(prefix = 'iot-triage-test-'): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(folder);
  return folder;
}

/**
 * `env` with the bot's state (STORAGE_PATH) and demo data (DEMO_DATA_DIR) in a fresh temp
 * folder, unless `env` sets them: for `readConfig` in any test that starts the app.
 */
export function isolatedEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const folder = tempDir('iot-triage-app-');
  return {
    STORAGE_PATH: path.join(folder, 'state'),
    DEMO_DATA_DIR: path.join(folder, 'demo'),
    ...env,
  };
}
