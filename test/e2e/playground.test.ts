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
import { connectionStateEvent } from './support/event-grid';
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

/** A failing device's row on the fleet card: "<device> · 3× · last 12 min ago", beside its Diagnose button. */
const FAILING_ROW = /^\s*\S+ · \d+× · last /;

/** The device the fleet card's first failing row names, diagnosed and asked about in the on-call steps. */
let failingDevice: string | undefined;

function diagnosedDevice(): string {
  if (!failingDevice)
    throw new Error('No failing device was picked from the fleet card (see the first failure).');
  return failingDevice;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

describe('on call in personal chat: what is broken, one device, an alert (#16)', () => {
  it('answers "what\'s broken right now?" with the fleet card: offline, failing by finding, expected apart', async () => {
    const question = "what's broken right now?";
    await playground.send(question);
    const card = await playground.waitForNewCard('the fleet health card', 'Fleet health right now');
    await playground.expectVisible(
      card.getByText(/^Offline now \(\d+\)$/).first(),
      'the "Offline now (N)" section',
    );
    await playground.expectVisible(
      card.getByText(FAILING_ROW).first(),
      'a failing device row ("<device> · N× · last …")',
    );
    const height = await card.boundingBox();
    console.log(`fleet health card, expected section closed: ${Math.round(height?.height ?? 0)} px tall`);
    // Action.ToggleVisibility renders without the button role in the Playground: find it by its title.
    const expected = card.getByText(/^Expected behaviour \(\d+\)$/).first();
    await playground.expectVisible(expected, 'the "Expected behaviour (N)" toggle');
    await expected.click();
    await playground.expectVisible(
      card.getByText(/\(expected\): /).first(),
      'an expected-behaviour row ("… (expected): <devices>") once opened',
    );
    await playground.screenshot('20-fleet-health');
    publishToDocs(
      await playground.screenshotExchange('20-fleet-health-exchange', playground.sentMessage(question), card),
      'fleet-health.png',
    );
  });

  it("answers Diagnose on a failing device of the fleet card with that device's diagnosis", async () => {
    const fleet = playground.page.locator('.ac-adaptiveCard', { hasText: 'Fleet health right now' }).last();
    const row = fleet.getByText(FAILING_ROW).first();
    failingDevice = (await row.innerText()).split(' · ')[0]?.trim();
    const device = diagnosedDevice();
    // The row's Diagnose button: the nearest enclosing element of the row's text that has a button.
    const rowWithButton = row.locator('xpath=ancestor::*[.//*[@role="button"] or .//button][1]');
    await playground.clickCardButton(rowWithButton, 'Diagnose');
    // The invoke's answer replaces the clicked card in place (the Playground keeps its element).
    const card = await playground.waitForCard(
      `the diagnosis card for ${device}`,
      new RegExp(`(Why ${escapeRegExp(device)} disconnected|Status of ${escapeRegExp(device)})`),
    );
    await playground.expectVisible(card.getByText('Show query').first(), 'Show query on the diagnosis card');
    await playground.screenshot('21-fleet-diagnose', card);
  });

  it(`answers "last 10 events of <device>" with the compact events table`, async () => {
    const device = diagnosedDevice();
    const question = `last 10 events of ${device}`;
    await playground.send(question);
    const card = await playground.waitForNewCard('the recent events card', `Last 10 events of ${device}`);
    await playground.expectVisible(card.getByText(/newest first/).first(), '"… newest first"');
    // A row reads "<time> · <category> · <operation> · <result> · <protocol>"; the time carries
    // its date ("12-04 01:09:01") when the rows span more than one day, as they do past midnight.
    await playground.expectVisible(
      card.getByText(/^(\d\d-\d\d )?\d\d:\d\d:\d\d · \w+ · \w+ · /).first(),
      'an event row ("[MM-DD ]hh:mm:ss · Category · Operation · …")',
    );
    await playground.screenshot('22-recent-events');
    publishToDocs(
      await playground.screenshotExchange(
        '22-recent-events-exchange',
        playground.sentMessage(question),
        card,
      ),
      'recent-events.png',
    );
  });

  it('posts the incident card here when `iot-triage alert --demo` runs, once this chat is subscribed', async () => {
    await playground.send('subscribe alerts');
    await playground.waitForText('the subscription confirmation', 'Subscribed: alerts for every hub and DPS');
    await playground.markCardsSeen();
    // What the bot's start-up line tells a newcomer to run: the CLI finds the generated secret
    // in the bot's state folder (--state) and posts a common-schema alert to its /api/alerts.
    const printed = await running().runCli(['alert', '--demo']);
    expect(printed).toContain(`Posted a demo alert for ${ALERT_DEVICE}`);
    const card = await playground.waitForNewCard('the incident card', `Diagnosis for device ${ALERT_DEVICE}`);
    await playground.expectVisible(card.getByText('Open', { exact: true }).first(), 'the status "Open"');
    await playground.screenshot('23-demo-alert-incident');
    publishToDocs(await playground.screenshot('23-demo-alert-incident-card', card), 'incident-demo.png');
  });
});

describe('kql in personal chat (#17)', () => {
  it('answers `kql … | summarize count() by Category | render barchart` with a chart and the table', async () => {
    const question = 'kql AzureDiagnostics | summarize count() by Category | render barchart';
    await playground.send(question);
    const card = await playground.waitForNewCard('the KQL result card', 'KQL result');
    for (const column of ['Category', 'count_']) {
      await playground.expectVisible(
        card.getByText(column, { exact: true }).first(),
        `the "${column}" column`,
      );
    }
    await playground.expectVisible(
      card.getByText('Connections', { exact: true }).first(),
      'the Connections row',
    );
    await playground.screenshot('30-kql-barchart');
    publishToDocs(
      await playground.screenshotExchange('30-kql-barchart-exchange', playground.sentMessage(question), card),
      'kql.png',
    );
  });

  it('pages a longer result: the first 20 rows, "N more rows" and a button for the next page', async () => {
    const question =
      'kql AzureDiagnostics | summarize Events = count() by DeviceId = tostring(parse_json(properties_s).deviceId) | top 30 by Events';
    await playground.send(question);
    const firstPage = /30 rows · showing 1–20/;
    const card = await playground.waitForNewCard('the paged KQL result card', firstPage);
    await playground.expectVisible(card.getByText(/10 more rows/).first(), '"10 more rows"');
    // Found again by its text: a card returned by waitForNewCard stops matching once cards are marked seen.
    await playground.clickCardButton(
      playground.page.locator('.ac-adaptiveCard', { hasText: firstPage }).last(),
      'Next 10 rows',
    );
    // The next page replaces the card in place.
    await playground.waitForCard('the second page', /30 rows · showing 21–30/);
    await playground.screenshot('31-kql-next-page');
  });
});

describe('live connection state in personal chat (#18)', () => {
  let sequence = Date.now();

  it('says "dropped" with a card once a watched device stays disconnected past the grace period', async () => {
    await playground.send(`watch ${ALERT_DEVICE}`);
    await playground.waitForText('the watch confirmation', `Watching ${ALERT_DEVICE}`);
    await playground.markCardsSeen();
    const disconnected = await running().postEvents(
      connectionStateEvent(ALERT_DEVICE, 'DeviceDisconnected', { at: new Date(), sequence: ++sequence }),
    );
    expect(disconnected.status).toBe(200);
    const card = await playground.waitForNewCard(
      'the watch card "dropped"',
      `${ALERT_DEVICE} dropped`,
      running().watchGraceInMs + 45_000,
    );
    await playground.expectVisible(card.getByText(/^Disconnected since /).first(), '"Disconnected since …"');
    await playground.expectVisible(
      card.getByText(/Live connection state from Event Grid/).first(),
      'the source line',
    );
    await playground.screenshot('40-watch-dropped');
    publishToDocs(await playground.screenshot('40-watch-dropped-card', card), 'watch-dropped.png');
  });

  it('changes the same card to "back online" when DeviceConnected (a higher sequence number) arrives', async () => {
    const connected = await running().postEvents(
      connectionStateEvent(ALERT_DEVICE, 'DeviceConnected', { at: new Date(), sequence: ++sequence }),
    );
    expect(connected.status).toBe(200);
    const card = await playground.waitForCard(
      'the watch card changed to "back online"',
      `${ALERT_DEVICE} is back online`,
      running().watchGraceInMs + 45_000,
    );
    await playground.expectVisible(
      card.getByText(/^Back online (after|within) /).first(),
      '"Back online after … / within a minute"',
    );
    // Updated in place: the "dropped" card is gone, not followed by a second card.
    expect(
      await playground.page.locator('.ac-adaptiveCard', { hasText: `${ALERT_DEVICE} dropped` }).count(),
    ).toBe(0);
    await playground.screenshot('41-watch-back-online');
    publishToDocs(await playground.screenshot('41-watch-back-online-card', card), 'watch-back-online.png');
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
