import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './stack';

/** How long a bot reply may take in the browser: a diagnosis over demo data on a busy 2-core CI box. */
const REPLY_TIMEOUT_IN_MS = 45_000;
/** Marks a card that was on screen before the step, so the step can wait for a card that is new. */
const SEEN = 'data-e2e-seen';
/** The chat's compose boxes are Lexical editors (the page also has other contenteditable parts). */
const COMPOSE_BOX = '[contenteditable="true"][data-lexical-editor="true"]';

/** Thrown when the page does not show what a step expects; the message says what and where to look. */
export class MissingOnPageError extends Error {
  override readonly name = 'MissingOnPageError';
}

/**
 * The Microsoft 365 Agents Playground as a person uses it: pick a chat, type, press Enter, read the
 * cards, click their buttons. Every wait that can fail saves a screenshot of the whole page and
 * fails with a message naming what was expected, the screenshot and the programs' recent output.
 */
export class PlaygroundPage {
  constructor(
    readonly page: Page,
    private readonly describeOutput: () => string,
  ) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
    await this.expectVisible(this.page.locator(COMPOSE_BOX).first(), 'the message box', 30_000);
    await this.hideLogPanel(5000);
  }

  async openPersonalChat(): Promise<void> {
    await this.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
  }

  /** The Teams channel "General" of "My Team": there a message reaches the bot only if it @mentions it. */
  async openTeamsChannel(): Promise<void> {
    await this.page.getByRole('treeitem', { name: 'My Team - General' }).click();
    await this.expectVisible(
      this.page.getByText('Start a new post'),
      'the channel\'s "Start a new post" box',
    );
  }

  /** Type `text` into the chat's message box and press Enter, as a person does. */
  async send(text: string): Promise<void> {
    await this.markCardsSeen();
    const box = this.page.locator(`${COMPOSE_BOX}:visible`).first();
    await box.click();
    await this.page.keyboard.type(text);
    await this.pressEnterToSend(box, text);
  }

  /** Start a new channel post that @mentions the bot (picked from the mention list), then `text`. */
  async postMentioningBot(text: string, botName = 'Test Bot'): Promise<void> {
    await this.markCardsSeen();
    const box = this.page.locator(`${COMPOSE_BOX}:visible`).first();
    await box.click();
    await this.page.keyboard.type(`@${botName.split(' ')[0]}`);
    const suggestion = this.page.getByRole('menuitem', { name: botName });
    await this.expectVisible(suggestion, `"${botName}" in the @mention suggestions`, 10_000);
    await suggestion.click();
    // The mention is a chip in the editor; only a post that carries it reaches the bot.
    await this.expectVisible(
      box.getByText(botName, { exact: true }),
      `the @${botName} mention in the post`,
      5000,
    );
    await this.page.keyboard.type(` ${text}`);
    await this.pressEnterToSend(box, `${botName} ${text}`);
  }

  /**
   * Press Enter once the box holds exactly `expected` (typing into a busy page can lose keys), then
   * wait for the box to empty, which is the client's sign that the message left.
   */
  private async pressEnterToSend(box: Locator, expected: string): Promise<void> {
    const typed = async () => (await box.innerText()).replace(/\s+/g, ' ').trim();
    await this.waitUntil(
      async () => (await typed()) === expected,
      () =>
        typed().then(
          (t) => `the message box to hold ${JSON.stringify(expected)} (it holds ${JSON.stringify(t)})`,
        ),
    );
    await this.page.keyboard.press('Enter');
    await this.waitUntil(
      async () => (await typed()) === '',
      () => Promise.resolve(`the message box to empty after Enter (the message to be sent)`),
    );
  }

  private async waitUntil(
    condition: () => Promise<boolean>,
    what: () => Promise<string>,
    timeoutInMs = 10_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutInMs;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        const description = await what();
        const screenshot = await this.screenshot(`failure-${slug(description)}`);
        throw new MissingOnPageError(
          `Expected ${description} within ${timeoutInMs / 1000} s.\nScreenshot: ${screenshot}\n${this.describeOutput()}`,
        );
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Remember the cards on screen now, so `waitForNewCard` only accepts one that arrives later. */
  async markCardsSeen(): Promise<void> {
    await this.page.locator('.ac-adaptiveCard').evaluateAll((cards, attribute) => {
      for (const card of cards) card.setAttribute(attribute, '1');
    }, SEEN);
  }

  /** Wait for an Adaptive Card, not on screen before the last send, that contains `text`. */
  async waitForNewCard(
    what: string,
    text: string | RegExp,
    timeoutInMs = REPLY_TIMEOUT_IN_MS,
  ): Promise<Locator> {
    const card = this.page.locator(`.ac-adaptiveCard:not([${SEEN}])`, { hasText: text }).last();
    await this.expectVisible(
      card,
      `${what} (a new card containing ${JSON.stringify(String(text))})`,
      timeoutInMs,
    );
    await card.scrollIntoViewIfNeeded();
    return card;
  }

  /** Wait for any Adaptive Card containing `text`, new or not. */
  async waitForCard(
    what: string,
    text: string | RegExp,
    timeoutInMs = REPLY_TIMEOUT_IN_MS,
  ): Promise<Locator> {
    const card = this.page.locator('.ac-adaptiveCard', { hasText: text }).last();
    await this.expectVisible(
      card,
      `${what} (a card containing ${JSON.stringify(String(text))})`,
      timeoutInMs,
    );
    return card;
  }

  /** Wait for a plain-text bot message (not a card) containing `text`. */
  async waitForText(what: string, text: string, timeoutInMs = REPLY_TIMEOUT_IN_MS): Promise<Locator> {
    const message = this.page.getByText(text).filter({ visible: true }).last();
    await this.expectVisible(message, `${what} (a message containing ${JSON.stringify(text)})`, timeoutInMs);
    return message;
  }

  /** Click the button titled `title` inside `card`. */
  async clickCardButton(card: Locator, title: string | RegExp): Promise<void> {
    await this.markCardsSeen();
    const button = card.getByRole('button', { name: title });
    await this.expectVisible(button, `the card's "${String(title)}" button`, 10_000);
    await button.click();
  }

  async expectVisible(target: Locator, what: string, timeoutInMs = REPLY_TIMEOUT_IN_MS): Promise<void> {
    try {
      await target.waitFor({ state: 'visible', timeout: timeoutInMs });
    } catch (error) {
      const screenshot = await this.screenshot(`failure-${slug(what)}`);
      throw new MissingOnPageError(
        [
          `Expected ${what} in the Agents Playground within ${timeoutInMs / 1000} s; it is not there.`,
          `Screenshot: ${screenshot}`,
          `Last cards on screen: ${await this.describeLastCards()}`,
          `Playwright: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          this.describeOutput(),
        ].join('\n'),
      );
    }
  }

  /**
   * A picture of one exchange as it reads in the chat, for the README: from `from` (the person's
   * message) down to the bottom of `to` (the bot's card), at most `maxHeightInPx` tall, the chat
   * column's width. The window grows for it, because the chat scrolls inside the page and only
   * what is on screen can be captured.
   */
  async screenshotExchange(name: string, from: Locator, to: Locator, maxHeightInPx = 1300): Promise<string> {
    const original = this.page.viewportSize();
    if (!original) return this.screenshot(name, to);
    const height = maxHeightInPx + 200;
    await this.page.setViewportSize({ width: original.width, height });
    try {
      await this.hideLogPanel(0);
      // Scroll the chat so the question sits just below the top of the chat pane; the pane's top
      // is where the picture starts (above it is the playground's own toolbar).
      const paneTop = await from.evaluate((element) => {
        element.scrollIntoView({ block: 'start' });
        let pane = element.parentElement;
        while (pane && pane.scrollHeight <= pane.clientHeight) pane = pane.parentElement;
        if (!pane) return 0;
        pane.scrollTop -= 16;
        return pane.getBoundingClientRect().top;
      });
      const first = await from.boundingBox();
      const last = await to.boundingBox();
      if (!first || !last) return await this.screenshot(name, to);
      const top = Math.max(paneTop, first.y - 12);
      const bottom = Math.min(last.y + last.height + 16, top + maxHeightInPx, height);
      // From the bot's avatar, left of its card, to the right edge of the person's bubble.
      const left = Math.max(0, last.x - 64);
      const right = Math.min(original.width, Math.max(first.x + first.width, last.x + last.width) + 16);
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await this.page.screenshot({
        path: file,
        animations: 'disabled',
        clip: { x: left, y: top, width: right - left, height: bottom - top },
      });
      return path.relative(process.cwd(), file);
    } finally {
      await this.page.setViewportSize(original);
      await this.hideLogPanel(0);
    }
  }

  /**
   * The log panel is for developers; without it the chat is as wide as Teams makes it. The
   * playground opens it again when the window is resized, so this runs after every resize too.
   */
  private async hideLogPanel(waitInMs: number): Promise<void> {
    const heading = this.page.getByText('Log Panel', { exact: true });
    const shown =
      waitInMs > 0
        ? await heading.waitFor({ state: 'visible', timeout: waitInMs }).then(
            () => true,
            () => false,
          )
        : await heading.isVisible();
    if (!shown) return;
    await this.page.locator('button[title="Toggle Log Panel"]').click();
    await heading.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  }

  /** The person's last message bubble containing `text`. */
  sentMessage(text: string): Locator {
    const exactly = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    // The playground shows a person's message as a plain span, outside any card.
    return this.page
      .locator('span:not(.ac-adaptiveCard *)')
      .filter({ hasText: exactly, visible: true })
      .last();
  }

  private async describeLastCards(): Promise<string> {
    const texts = await this.page
      .locator('.ac-adaptiveCard')
      .evaluateAll((cards) =>
        cards.slice(-2).map((card) => (card as unknown as { innerText: string }).innerText),
      )
      .catch(() => [] as string[]);
    if (texts.length === 0) return '(none)';
    return texts.map((t) => `\n  | ${t.replace(/\s+/g, ' ').trim().slice(0, 300)}`).join('');
  }

  /** Save a PNG under test-results/e2e/ (the whole page, or one element) and return its path. */
  async screenshot(name: string, element?: Locator): Promise<string> {
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    try {
      if (element) await element.screenshot({ path: file, animations: 'disabled' });
      else await this.page.screenshot({ path: file, animations: 'disabled' });
    } catch (error) {
      return `(no screenshot: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
    return path.relative(process.cwd(), file);
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
