/**
 * `kql <query>` over the real embedded engine (demo fleet): the table card, the parser's caret,
 * unknown tables, paging through the registry (Action.Execute data and its Action.Submit fallback),
 * render → chart.
 */
import { Conversation, type TurnOutcome } from '../../src/conversation/conversation';
import { caretBlock, kqlCommandOf, MAX_QUERY_CHARS, plainTextOf } from '../../src/conversation/handlers/kql';
import type { Reply } from '../../src/conversation/reply';
import { queryResultCard } from '../../src/cards';
import { CardRenderer, type AdaptiveCardJson } from '../../src/cards/render';
import type { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { checkKql } from '../../src/logs/kql-check';
import { cardProblems } from '../cards/check-card';
import { cardTexts } from '../support/cards';
import { DEMO_NOW, demoLogs } from './demo-logs';

let logs: LocalLogsBackend;
const renderer = new CardRenderer();

beforeAll(() => {
  logs = demoLogs();
});

function conversation(): Conversation {
  return new Conversation({
    dataSource: () => 'Embedded demo data',
    logs: async () => ({ logs, now: () => DEMO_NOW }),
    clock: () => DEMO_NOW,
  });
}

async function ask(text: string, locale: 'en' | 'ko' = 'en'): Promise<TurnOutcome> {
  return conversation().handleMessage({ text, locale });
}

function cardOf(reply: Reply | undefined): AdaptiveCardJson {
  if (reply?.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(reply)}`);
  const card = renderer.renderRequest(reply.card);
  expect(cardProblems(card)).toEqual([]);
  return card;
}

function textOf(reply: Reply | undefined): string {
  if (reply?.kind !== 'text') throw new Error(`expected text, got ${JSON.stringify(reply)}`);
  return reply.text;
}

type Json = Record<string, unknown>;
function find(node: unknown, test: (n: Json) => boolean, found: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => find(n, test, found));
  else if (node && typeof node === 'object') {
    if (test(node as Json)) found.push(node as Json);
    Object.values(node).forEach((n) => find(n, test, found));
  }
  return found;
}
const tableRows = (card: AdaptiveCardJson) => find(card, (n) => n['type'] === 'TableRow');
const nextButton = (card: AdaptiveCardJson) => find(card, (n) => n['type'] === 'Action.Execute')[0];

const MANY_ROWS =
  'AzureDiagnostics | where Category == "Connections" | project TimeGenerated, OperationName, Resource, Level, ResultType, Category, properties_s, ResourceId | sort by TimeGenerated asc';

describe('kql in chat (embedded engine)', () => {
  it('answers a valid query with the table card: 20 rows, at most 6 columns, N more rows, Next', async () => {
    const outcome = await ask(`kql ${MANY_ROWS}`);
    expect(outcome.command).toMatchObject({ verb: 'kql', page: 1 });
    const card = cardOf(outcome.replies[0]);
    const rows = tableRows(card);
    expect(rows).toHaveLength(21); // header + 20
    const header = find(rows[0], (n) => n['type'] === 'TextBlock').map((t) => t['text']);
    expect(header).toEqual(['TimeGenerated', 'OperationName', 'Resource', 'Level', 'ResultType', 'Category']);
    const texts = cardTexts(card).join('\n');
    expect(texts).toMatch(/6 of 8 columns \(not shown: properties_s, ResourceId\)/);
    expect(texts).toMatch(/\d[\d,]* more rows/);
    const next = nextButton(card);
    expect(next?.['data']).toMatchObject({ cmd: 'kql', query: MANY_ROWS, page: 2 });
  });

  it('accepts a fenced code block, with or without kql after the fence', async () => {
    for (const text of ['```kql\nAzureDiagnostics\n| take 3\n```', '```\nAzureDiagnostics | take 3\n```']) {
      const outcome = await ask(text);
      expect(outcome.command).toMatchObject({
        verb: 'kql',
        query: expect.stringMatching(/^AzureDiagnostics\s*\| take 3$/),
      });
      expect(tableRows(cardOf(outcome.replies[0]))).toHaveLength(4);
    }
  });

  it('shows a syntax error with the line and a caret under the column', async () => {
    const outcome = await ask('kql AzureDiagnostics\n| where Category == "Connections"\n| take 5 |');
    const text = textOf(outcome.replies[0]);
    expect(text).toContain('KQL error at line 3, column 11');
    expect(text).toContain('```\n| take 5 |\n          ^\n```');
    expect(outcome.replies).toHaveLength(1);
  });

  it('puts the caret under an unknown column, as wide as the name', async () => {
    const text = textOf((await ask('kql AzureDiagnostics | where Nope == 1', 'ko')).replies[0]);
    expect(text).toContain('KQL 오류: 1번째 줄, 26번째 열');
    expect(text).toContain('AzureDiagnostics | where Nope == 1\n                         ^^^^');
  });

  it('lists the tables for an unknown table', async () => {
    const text = textOf((await ask('kql Heartbeat | take 1')).replies[0]);
    expect(text).toContain('[KS204]');
    expect(text).toMatch(/The tables are: AzureDiagnostics, AzureMetrics/);
  });

  it('pages through the registry: the Execute data and its Submit fallback both give page 2', async () => {
    const first = cardOf((await ask(`kql ${MANY_ROWS}`)).replies[0]);
    const execute = nextButton(first);
    const submit = execute?.['fallback'] as Json;
    expect(submit['type']).toBe('Action.Submit');
    const pages: AdaptiveCardJson[] = [];
    for (const payload of [execute?.['data'], submit['data']]) {
      const outcome = await conversation().handleAction({ payload, locale: 'en' });
      expect(outcome.command).toMatchObject({ verb: 'kql', query: MANY_ROWS, page: 2 });
      pages.push(cardOf(outcome.replies[0]));
    }
    const firstRow = (card: AdaptiveCardJson) =>
      find(tableRows(card)[1], (n) => n['type'] === 'TextBlock').map((t) => t['text']);
    // Page 2 starts after page 1's rows (same fixed window, same order).
    expect(firstRow(pages[0]!)).toEqual(firstRow(pages[1]!));
    expect(firstRow(pages[0]!)).not.toEqual(firstRow(first));
    expect(cardTexts(pages[0]!).join('\n')).toMatch(/showing 21–40/);
    expect(nextButton(pages[0]!)?.['data']).toMatchObject({ page: 3 });
  });

  it('refuses a forged page payload (zod schema)', async () => {
    const outcome = await conversation().handleAction({
      payload: { cmd: 'kql', query: 'x', page: 'two' },
      locale: 'en',
    });
    expect(outcome.command).toBeUndefined();
  });

  it('draws a line chart for render timechart, bars and pies for the others', async () => {
    const timechart = cardOf(
      (
        await ask(
          'kql AzureDiagnostics | summarize count() by bin(TimeGenerated, 1h), Category | render timechart',
        )
      ).replies[0],
    );
    const [line] = find(timechart, (n) => n['type'] === 'Chart.Line');
    const series = line?.['data'] as { legend: string; values: unknown[] }[];
    expect(series.map((s) => s.legend)).toContain('Connections');
    expect(series[0]?.values.length).toBeGreaterThan(1);
    const bars = cardOf(
      (await ask('kql AzureDiagnostics | summarize n = count() by Category | render columnchart')).replies[0],
    );
    expect(find(bars, (n) => n['type'] === 'Chart.VerticalBar')).toHaveLength(1);
    const pie = cardOf(
      (await ask('kql AzureDiagnostics | summarize n = count() by Category | render piechart')).replies[0],
    );
    expect(find(pie, (n) => n['type'] === 'Chart.Pie')[0]?.['data']).toEqual(
      expect.arrayContaining([expect.objectContaining({ legend: 'Connections' })]),
    );
    expect(find(pie, (n) => String(n['type']).startsWith('Chart.Line'))).toHaveLength(0);
  });

  it('says so when there are no rows, and keeps the limits of the backend as a clear error', async () => {
    const none = cardOf((await ask('kql AzureDiagnostics | where Category == "Nope"')).replies[0]);
    expect(cardTexts(none).join('\n')).toContain('The query returned no rows.');
    const unsupported = await ask('kql AzureDiagnostics | evaluate bag_unpack(properties_s)');
    const seen = unsupported.replies[0];
    const text = seen?.kind === 'text' ? seen.text : cardTexts(cardOf(seen)).join('\n');
    expect(text).toMatch(/embedded KQL engine|not support|evaluate/i);
    expect(text).not.toMatch(/\n\s+at /); // never a stack
  });

  it("answers the engine's limits as a clear message (the runaway self-join)", async () => {
    const outcome = await ask('kql AzureDiagnostics | join kind=inner (AzureDiagnostics) on Category');
    const [reply] = outcome.replies;
    const text = reply?.kind === 'text' ? reply.text : cardTexts(cardOf(reply)).join('\n');
    expect(text).toMatch(/QueryLimitExceeded|limit/i);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('reads options and rejects what cannot be run', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(kqlCommandOf('kql last 7d hub CONTOSO-FLEET-HUB AzureDiagnostics | take 1', now)).toEqual({
      verb: 'kql',
      query: 'AzureDiagnostics | take 1',
      hub: 'CONTOSO-FLEET-HUB',
      window: { start: '2026-02-23T10:00:00.000Z', end: '2026-03-02T10:00:00.000Z' },
      page: 1,
    });
    expect(kqlCommandOf('kql', now)).toMatchObject({ kind: 'usage' });
    expect(kqlCommandOf(`kql ${'x'.repeat(MAX_QUERY_CHARS + 1)}`, now)).toMatchObject({ kind: 'usage' });
    expect(kqlCommandOf('kql last 200d T', now)).toMatchObject({ kind: 'usage' });
  });

  it('reads a code block a client sent as HTML, and leaves plain text alone', () => {
    const html =
      '<pre><code class="language-kql">AzureDiagnostics\n| where DurationMs &gt; 5 and Resource == &quot;A&amp;B&quot;</code></pre>';
    expect(plainTextOf(html)).toBe(
      '```\nAzureDiagnostics\n| where DurationMs > 5 and Resource == "A&B"\n```',
    );
    expect(kqlCommandOf(html, new Date())).toMatchObject({
      query: 'AzureDiagnostics\n| where DurationMs > 5 and Resource == "A&B"',
    });
    expect(kqlCommandOf('<p>kql AzureDiagnostics | take 1</p>', new Date())).toMatchObject({
      query: 'AzureDiagnostics | take 1',
    });
    expect(plainTextOf('kql T | where a < 5')).toBe('kql T | where a < 5');
  });

  it('checkKql: ok, or every error with its position; open scope leaves unknown tables to the service', () => {
    expect(checkKql('AzureDiagnostics | take 1')).toEqual({ ok: true });
    expect(checkKql('AzureDiagnostics | where')).toMatchObject({
      ok: false,
      errors: [{ start: 24, code: 'KS006' }],
    });
    expect(checkKql('Heartbeat | take 1', 'open')).toEqual({ ok: true });
    expect(checkKql('Heartbeat | take', 'open')).toMatchObject({ ok: false });
    expect(caretBlock('a\n\tbc', 4, 1)).toBe('```\n\tbc\n\t ^\n```');
  });
});

describe('kql card size', () => {
  it('stays under the card budget with the longest query and the widest cells', () => {
    const line = `| where Resource != "${'x'.repeat(14)}"`;
    const query = Array.from({ length: Math.floor(MAX_QUERY_CHARS / (line.length + 1)) }, () => line).join(
      '\n',
    );
    expect(query.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    const columns = Array.from({ length: 8 }, (_, i) => ({
      name: `Column${i}${'n'.repeat(100)}`,
      type: 'string',
    }));
    const rows = Array.from({ length: 40 }, () => columns.map(() => 'é'.repeat(300)));
    const window = { start: '2026-03-01T10:00:00.000Z', end: '2026-03-02T10:00:00.000Z' };
    const request = queryResultCard(
      {
        query,
        page: 1,
        window,
        source: 'Log Analytics',
        columns,
        rows,
        nextPage: { cmd: 'kql', query, page: 2, ...window },
      },
      { locale: 'ko', timeZone: 'UTC', now: DEMO_NOW },
    );
    const card = renderer.renderRequest(request);
    expect(cardProblems(card)).toEqual([]);
  });
});
