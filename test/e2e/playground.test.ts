/**
 * End to end, the way a person uses the product: the real bot (src/index.ts on the embedded demo
 * data) and the Microsoft 365 Agents Playground as separate programs, driven from headless
 * Chromium. Each step leaves a screenshot in test-results/e2e/; a step that does not find what it
 * expects fails with a message naming it, the screenshot, and the programs' last output.
 *
 * The steps share one browser page and run in order, as one conversation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { PlaygroundPage } from './support/playground-page';
import { startStack, type RunningStack } from './support/stack';

let stack: RunningStack | undefined;
let browser: BrowserContext | undefined;
let profileDir: string | undefined;
let playground: PlaygroundPage;

beforeAll(async () => {
  stack = await startStack();
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iot-triage-e2e-chromium-'));
  browser = await launchChromium(profileDir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const running = stack;
  playground = new PlaygroundPage(page, () => running.describeOutput());
  await playground.open(stack.playgroundUrl);
}, 300_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
}, 60_000);

describe('personal chat', () => {
  it('greets with the welcome card when the bot is installed', async () => {
    await playground.openPersonalChat();
    const welcome = await playground.waitForCard('the welcome card', "Hi, I'm the IoT triage bot");
    await playground.expectVisible(
      welcome.getByText('Embedded demo data'),
      'the data source on the welcome card',
    );
    await playground.screenshot('01-welcome');
  });

  it('answers "help" with the help card', async () => {
    await playground.send('help');
    const help = await playground.waitForNewCard('the help card', 'What I can do');
    await playground.screenshot('02-help');
    await playground.screenshot('02-help-card', help);
  });
});

describe('Teams channel', () => {
  it('answers a post that @mentions the bot', async () => {
    await playground.openTeamsChannel();
    await playground.postMentioningBot('help');
    await playground.waitForNewCard('the help card in the channel', 'What I can do');
    await playground.screenshot('10-channel-help');
  });
});
