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
import { publishToDocs } from './support/docs-pictures';
import { disconnectAlert } from './support/monitor-alert';
import { PlaygroundPage } from './support/playground-page';
import { startStack, type RunningStack } from './support/stack';

let stack: RunningStack | undefined;
let browser: BrowserContext | undefined;
let profileDir: string | undefined;
let playground: PlaygroundPage;

/** A demo device whose logs reproduce a finding (src/logs/simulate/scenarios.ts): SAS token renewal. */
const DEVICE = 'thermostat-0042';

/** A demo device that flapped 2.5 hours ago (14 connect/disconnect cycles): what an alert fires on. */
const ALERT_DEVICE = 'pump-station-4';

function running(): RunningStack {
  if (!stack) throw new Error('The bot and the playground did not start (see the first failure).');
  return stack;
}

function englishDiagnosisCard() {
  return playground.page.locator('.ac-adaptiveCard', { hasText: `Why ${DEVICE} disconnected` }).first();
}

/** The "Window" fact of a diagnosis card, e.g. "2026-11-30 00:00 – 2026-12-01 00:00 UTC". */
function windowOf(cardText: string): string {
  const match = /Window\s*\n?\s*([^\n]+)/.exec(cardText);
  if (!match?.[1]) throw new Error(`The diagnosis card shows no Window fact:\n${cardText}`);
  return match[1].trim();
}

beforeAll(async () => {
  stack = await startStack();
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iot-triage-e2e-chromium-'));
  browser = await launchChromium(profileDir);
  const page = browser.pages()[0] ?? (await browser.newPage());
  playground = new PlaygroundPage(page, () => running().describeOutput());
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
    publishToDocs(
      await playground.screenshotExchange('02-help-exchange', playground.sentMessage('help'), help),
      'help.png',
    );
  });

  it(`answers "why did device ${DEVICE} disconnect?" with a diagnosis card: symptoms, causes, fixes`, async () => {
    const question = `why did device ${DEVICE} disconnect?`;
    await playground.send(question);
    const card = await playground.waitForNewCard('the diagnosis card', `Why ${DEVICE} disconnected`);
    // Read at a glance: collapsed, the card fits one screen at the Playground's width.
    const collapsed = await card.boundingBox();
    console.log(`diagnosis card for ${DEVICE}, collapsed: ${Math.round(collapsed?.height ?? 0)} px tall`);
    expect(collapsed?.height ?? Infinity).toBeLessThanOrEqual(900);
    await playground.screenshot('03-diagnosis-en-collapsed');
    // Action.ToggleVisibility renders without the button role in the Playground: find it by its title.
    const toggle = card.getByText('Finding details', { exact: true }).first();
    await playground.expectVisible(toggle, 'the "Finding details" toggle');
    await toggle.click();
    for (const heading of ['Symptoms', 'Causes', 'Fixes']) {
      await playground.expectVisible(
        card.getByText(heading, { exact: true }).first(),
        `"${heading}" on the diagnosis card`,
      );
    }
    await playground.screenshot('03-diagnosis-en');
    const picture = await playground.screenshotExchange(
      '03-diagnosis-en-exchange',
      playground.sentMessage(question),
      card,
      1150,
    );
    publishToDocs(picture, 'diagnosis-en.png');
  });

  it('shows the KQL it ran when Show query is clicked', async () => {
    const card = englishDiagnosisCard();
    await playground.clickCardButton(card, 'Show query');
    await playground.expectVisible(
      card.getByText(/AzureDiagnostics/).first(),
      'the KQL (AzureDiagnostics ...) under Show query',
    );
    await playground.screenshot('04-show-query');
    await playground.screenshot('04-show-query-card', card);
  });

  it('answers the follow-up "and yesterday?" about the same device, for yesterday', async () => {
    const firstWindow = windowOf(await englishDiagnosisCard().innerText());
    await playground.send('and yesterday?');
    const card = await playground.waitForNewCard(
      'the follow-up diagnosis card',
      `Why ${DEVICE} disconnected`,
    );
    const followUpWindow = windowOf(await card.innerText());
    expect(followUpWindow).not.toEqual(firstWindow);
    // Yesterday as a calendar day in the user's zone (the playground sends none: UTC).
    const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect(followUpWindow).toContain(`${yesterday} 00:00`);
    await playground.screenshot('05-follow-up');
  });

  it('answers the same question asked in Korean in Korean', async () => {
    // The playground sends every message with locale en-US; the question itself is Korean, and
    // that is what decides the answer's language (no "language ko" needed).
    const question = `${DEVICE} 장치 연결이 왜 끊겼어?`;
    await playground.send(question);
    const card = await playground.waitForNewCard('the Korean diagnosis card', `${DEVICE} 연결이 끊긴 이유`);
    // Action.ToggleVisibility renders without the button role in the Playground: find it by its title.
    const toggle = card.getByText('발견 자세히', { exact: true }).first();
    await playground.expectVisible(toggle, 'the "발견 자세히" toggle');
    await toggle.click();
    for (const heading of ['증상', '원인', '조치']) {
      await playground.expectVisible(
        card.getByText(heading, { exact: true }).first(),
        `"${heading}" on the Korean card`,
      );
    }
    await playground.screenshot('06-diagnosis-ko');
    const picture = await playground.screenshotExchange(
      '06-diagnosis-ko-exchange',
      playground.sentMessage(question),
      card,
      1150,
    );
    publishToDocs(picture, 'diagnosis-ko.png');
  });
});

describe('Teams channel', () => {
  it('answers a post that @mentions the bot', async () => {
    await playground.openTeamsChannel();
    await playground.postMentioningBot('help');
    await playground.waitForNewCard('the help card in the channel', 'What I can do');
    await playground.screenshot('10-channel-help');
  });

  it('subscribes the channel to alerts when asked with an @mention', async () => {
    await playground.postMentioningBot('subscribe alerts');
    await playground.waitForText('the subscription confirmation', 'Subscribed: alerts for every hub and DPS');
    await playground.screenshot('11-channel-subscribed');
  });

  it('posts the incident card when Azure Monitor posts an alert to /api/alerts', async () => {
    await playground.markCardsSeen();
    const alert = disconnectAlert(ALERT_DEVICE, { firedAt: new Date(), windowInHours: 3 });
    const accepted = await running().postAlert(alert);
    if (accepted.status !== 202) {
      throw new Error(
        `POST /api/alerts answered ${accepted.status}, not 202: ${accepted.text}\n${running().describeOutput()}`,
      );
    }
    const card = await playground.waitForNewCard('the incident card', `Diagnosis for device ${ALERT_DEVICE}`);
    await playground.expectVisible(
      card.getByText('IoT devices disconnecting').first(),
      'the alert rule on the incident card',
    );
    await playground.expectVisible(card.getByText('Open', { exact: true }).first(), 'the status "Open"');
    await playground.expectVisible(
      card.getByRole('button', { name: 'Acknowledge' }),
      'the Acknowledge button',
    );
    await playground.screenshot('12-incident');
    publishToDocs(await playground.screenshot('12-incident-card', card), 'incident.png');
  });

  it('changes the incident card for everyone when Acknowledge is clicked', async () => {
    const incident = () =>
      playground.page.locator('.ac-adaptiveCard', { hasText: `Diagnosis for device ${ALERT_DEVICE}` });
    await playground.clickCardButton(incident().last(), 'Acknowledge');
    const acknowledged = await playground.waitForCard(
      'the incident card marked Acknowledged',
      'Alex Wilber · acknowledged',
    );
    await playground.expectVisible(
      acknowledged.getByText('Acknowledged', { exact: true }),
      'the status "Acknowledged" on the card',
    );
    // Changed in place, not answered with a second card: the channel still shows one incident card.
    expect(await incident().count()).toBe(1);
    await playground.screenshot('13-incident-acknowledged');
    await playground.screenshot('13-incident-acknowledged-card', acknowledged);
  });
});
