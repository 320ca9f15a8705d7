import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the one browser this machine (and CI) can install without downloads from a CDN. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that keep headless Chromium quiet and offline (toolchain.md): no sandbox (CI runs as root),
 * no GPU, no background updates or sync that would reach the network.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The Chromium executable for playwright-core, installing Debian's package when it is missing and
 * we may (root, as in CI). `.ci/run` installs it before the suite too; this fallback keeps
 * `npm run test:e2e` working on a fresh machine without it. Never `npx playwright install`: that
 * downloads a browser build from a CDN, which fails here.
 */
export function locateChromium(): string {
  const found = fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : onPath('chromium');
  if (found) return found;
  if (!isRoot()) {
    throw new Error(
      `Chromium is not installed (looked for ${DEBIAN_CHROMIUM} and "chromium" on PATH). ` +
        'Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (!fs.existsSync(DEBIAN_CHROMIUM)) {
    throw new Error(`apt-get install chromium finished but ${DEBIAN_CHROMIUM} does not exist`);
  }
  return DEBIAN_CHROMIUM;
}

/**
 * A headless Chromium with a throw-away profile. A persistent context because Chromium's own
 * `--user-data-dir` flag conflicts with playwright-core's launch (toolchain.md).
 */
export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: locateChromium(),
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
}
