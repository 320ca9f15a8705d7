/**
 * `kql <query>` (or a fenced code block, ```kql … ``` or ``` … ```): runs the text as typed over the
 * logs, for the people the admin lets (ROLE_KQL; responders by default), every use in the audit log.
 *
 * - The official parser checks the text against the bot's schema first, so a typo is answered with
 *   the line and a caret under the column instead of a round trip. Against Log Analytics a table
 *   the schema does not describe is left to the service (a workspace holds more tables than the
 *   bot knows); only the syntax is checked then.
 * - The text goes to `LogsBackend.query` unchanged, `render` included (the embedded engine ignores
 *   it; the Log Analytics API accepts it), with the window as the API timespan: the last 24 hours,
 *   or `kql last 7d <query>`. `kql hub <name> <query>` runs in that hub's workspace (hub directory).
 * - Paging re-runs the query: the Next button carries the text, the window (fixed instants, so
 *   page 2 reads the same rows as page 1 did) and the page number. Nothing is kept in conversation
 *   state, so a page works after a restart and on any instance; the price is one more query.
 */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import { pageOf, queryResultCard, type RenderKind } from '../../cards';
import type { Locale } from '../../cards/card-data';
import { findHub, placeOf, UnknownHubError } from '../../diagnosis/hubs';
import { LogsQueryError } from '../../logs/backend';
import { checkKql, type KqlProblem } from '../../logs/kql-check';
import { buttonText, identifier, optionalIdentifier, windowFields, windowOf } from '../card-action';
import type { KqlCommand, WindowIso } from '../command';
import type { Reply } from '../reply';
import type { Utterance } from '../utterance';
import { defineVerb, type TextRejection } from '../verbs';

/**
 * Characters of query text a command (and its Next button) may carry. The button carries it twice
 * (Action.Execute and its Action.Submit fallback): 2 × 8,000 plus a page of rows stays far under
 * the ~80 KB a card may take (Teams refuses messages over 100 KB).
 */
export const MAX_QUERY_CHARS = 8_000;
/** The longest `last N…` window: Log Analytics' default retention. */
const MAX_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
/** Errors listed under the first one's caret. */
const MAX_LISTED_ERRORS = 3;

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

const TEXT = {
  en: {
    usage:
      'Type a query after kql, e.g. `kql AzureDiagnostics | take 10`, or send it as a ```kql code block.',
    tooLong: (n: number) =>
      `The query is ${n.toLocaleString('en-US')} characters; at most ${MAX_QUERY_CHARS.toLocaleString('en-US')} fit a chat message's buttons.`,
    tooWide: 'A kql window can look back at most 90 days.',
    errorAt: (line: number, column: number) => `KQL error at line ${line}, column ${column}`,
    more: (n: number) => (n === 1 ? '(and 1 more error)' : `(and ${n} more errors)`),
    tables: (names: string) => `The tables are: ${names}.`,
    rejected: (service: string) => `${service} rejected the query`,
    running: 'Running the query…',
  },
  ko: {
    usage:
      'kql 뒤에 쿼리를 입력하세요. 예: `kql AzureDiagnostics | take 10` 또는 ```kql 코드 블록으로 보내세요.',
    tooLong: (n: number) =>
      `쿼리가 ${n.toLocaleString('en-US')}자예요. 채팅 메시지 버튼에는 최대 ${MAX_QUERY_CHARS.toLocaleString('en-US')}자까지 들어가요.`,
    tooWide: 'kql 기간은 최대 90일까지 거슬러 볼 수 있어요.',
    errorAt: (line: number, column: number) => `KQL 오류: ${line}번째 줄, ${column}번째 열`,
    more: (n: number) => `(오류 ${n}개 더 있음)`,
    tables: (names: string) => `테이블: ${names}.`,
    rejected: (service: string) => `${service}이(가) 쿼리를 거부했어요`,
    running: '쿼리를 실행하는 중…',
  },
} as const satisfies Record<Locale, unknown>;

const usage = (message: (locale: Locale) => string): TextRejection => ({
  kind: 'usage',
  message: { en: message('en'), ko: message('ko') },
});

const KQL_WORD = /^kql(?=\s|$|```)/i;
const FENCE_START = /^```/;
/** A fenced block: an optional `kql`/`kusto` info string, then the text up to the closing fence. */
const FENCE = /^```[ \t]*(?:kql|kusto)?[ \t]*\r?\n?([\s\S]*?)\r?\n?```\s*$/i;
const LAST = /^last\s+(\d{1,4})\s*(m|min|mins|minutes?|h|hours?|d|days?)(?=\s|$|```)/i;
const HUB = /^hub\s+(\S+)(?=\s|$|```)/i;

const HTML_MARKUP = /<(?:pre|code|p|div|br|span)\b[^>]*>|<\/(?:pre|code|p|div|span)>/i;
const ENTITY = /&(?:lt|gt|amp|quot|#39|apos|nbsp);/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

/**
 * The message as the person typed it. A Teams client may send a formatted message (a code block
 * above all) as HTML: `<pre>`/`<code>`/`<p>` tags and `&lt;`-style entities, which KQL's `<`, `>`,
 * `"` and `&` must not arrive as. Plain text passes through unchanged.
 */
export function plainTextOf(text: string): string {
  const markup = HTML_MARKUP.test(text);
  if (!markup && !/&(?:lt|gt|amp|quot);/.test(text)) return text;
  const untagged = markup
    ? text
        .replace(/<br\s*\/?>/gi, '\n')
        .replace(/<\/(?:p|div)>\s*/gi, '\n')
        .replace(/<pre\b[^>]*>/gi, '```\n')
        .replace(/<\/pre>/gi, '\n```')
        .replace(/<\/?(?:code|p|div|span)\b[^>]*>/gi, '')
    : text;
  return untagged.replace(ENTITY, (entity) => ENTITIES[entity] ?? entity);
}

/** `kql …` or a message that is a fenced code block. */
function asksKql(text: string): boolean {
  const trimmed = plainTextOf(text).trim();
  return KQL_WORD.test(trimmed) || FENCE_START.test(trimmed);
}

/** The command a message means: options (`last 7d`, `hub <name>`), then the query, bare or fenced. */
export function kqlCommandOf(text: string, now: Date): KqlCommand | TextRejection {
  let rest = plainTextOf(text).trim().replace(KQL_WORD, '').trim();
  let windowMs = 24 * UNIT_MS['h']!;
  let hub: string | undefined;
  for (;;) {
    const last = LAST.exec(rest);
    const named = HUB.exec(rest);
    if (last) {
      const unit = (last[2] ?? 'h').toLowerCase().startsWith('m') ? 'm' : (last[2] ?? 'h')[0]!.toLowerCase();
      windowMs = Number(last[1]) * (UNIT_MS[unit] ?? UNIT_MS['h']!);
      rest = rest.slice(last[0].length).trim();
    } else if (named) {
      hub = named[1];
      rest = rest.slice(named[0].length).trim();
    } else break;
  }
  if (FENCE_START.test(rest)) {
    const fenced = FENCE.exec(rest);
    // An unclosed fence (a client that drops the last line): everything after the opening one.
    rest = fenced ? (fenced[1] ?? '') : rest.replace(/^```[ \t]*(?:kql|kusto)?[ \t]*/i, '');
  }
  const query = rest.trim();
  if (query === '') return usage((l) => TEXT[l].usage);
  if (query.length > MAX_QUERY_CHARS) return usage((l) => TEXT[l].tooLong(query.length));
  if (windowMs <= 0 || windowMs > MAX_WINDOW_MS) return usage((l) => TEXT[l].tooWide);
  const window: WindowIso = {
    start: new Date(now.getTime() - windowMs).toISOString(),
    end: now.toISOString(),
  };
  return {
    verb: 'kql',
    query,
    ...optionalIdentifier('hub', 'hub-name', hub),
    window,
    page: 1,
  };
}

/** The `render` a query ends in, when it is one the card draws. */
export function renderKindOf(query: string): RenderKind | undefined {
  const match = /\|\s*render\s+(timechart|barchart|columnchart|piechart)\b[^|]*;?\s*$/i.exec(query);
  return match ? (match[1]?.toLowerCase() as RenderKind) : undefined;
}

/** 1-based line and column of `offset` in `text`, and that line. */
function lineAt(text: string, offset: number): { line: number; column: number; lineText: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const lineText = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, '');
  return { line, column: offset - lineStart + 1, lineText };
}

/**
 * The line of the error with a caret under it, in a monospace block: tabs before the column are
 * kept so the caret lines up however the client draws them.
 */
export function caretBlock(text: string, start: number, length: number): string {
  const { column, lineText } = lineAt(text, start);
  const lead = lineText.slice(0, column - 1).replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(length, lineText.length - (column - 1)));
  return ['```', lineText, `${lead}${'^'.repeat(width)}`, '```'].join('\n');
}

/** The reply for errors at known positions: where the first is, its caret, then the others. */
function errorReply(
  query: string,
  errors: readonly KqlProblem[],
  locale: Locale,
  lead?: string,
  knownTables?: readonly string[],
): Reply {
  const say = TEXT[locale];
  const [first, ...others] = errors;
  if (!first) return { kind: 'text', text: lead ?? '' };
  const at = lineAt(query, first.start);
  const heading = `${lead ? `${lead}. ` : ''}${say.errorAt(at.line, at.column)}: ${first.message}${first.code ? ` [${first.code}]` : ''}`;
  const listed = others.slice(0, MAX_LISTED_ERRORS).map((e) => {
    const where = lineAt(query, e.start);
    return `- ${say.errorAt(where.line, where.column)}: ${e.message}`;
  });
  const more = others.length > MAX_LISTED_ERRORS ? [say.more(others.length - MAX_LISTED_ERRORS)] : [];
  const tables = knownTables ? [say.tables(knownTables.join(', '))] : [];
  return {
    kind: 'text',
    text: [heading, caretBlock(query, first.start, first.length), ...listed, ...more, ...tables].join('\n'),
  };
}

const kqlButtonData = z.object({
  query: buttonText(MAX_QUERY_CHARS),
  page: z.number().int().min(1).max(10_000),
  hub: buttonText(100).optional(),
  ...windowFields,
});

export const kqlVerb = defineVerb<KqlCommand, typeof kqlButtonData>({
  verb: 'kql',
  permission: PERMISSIONS.runQuery,
  help: {
    rank: 77,
    description: {
      en: 'Run a KQL query over the logs (last 24 h; `kql last 7d …`; a ```kql block works too)',
      ko: '로그에 KQL 쿼리 실행 (최근 24시간, `kql last 7d …`, ```kql 코드 블록도 가능)',
    },
    example: {
      en: 'kql AzureDiagnostics | summarize count() by Category',
      ko: 'kql AzureDiagnostics | summarize count() by Category',
    },
  },
  keywords: ['kql', 'kusto', 'query', '쿼리'],
  matches: (utterance: Utterance) => asksKql(utterance.text),
  fromText: (utterance) => kqlCommandOf(utterance.text, utterance.now),
  button: {
    data: kqlButtonData,
    toCommand: (data, now): KqlCommand => ({
      verb: 'kql',
      query: data.query,
      ...(data.hub !== undefined ? { hub: identifier('hub-name', data.hub) } : {}),
      window: windowOf(data, now),
      page: data.page,
    }),
    fromCommand: (command) => ({
      query: command.query,
      page: command.page,
      ...(command.hub !== undefined ? { hub: command.hub } : {}),
      ...command.window,
    }),
  },
  // The audit log records what was read; the role gate keeps the first 200 characters.
  auditTarget: (command) => `${command.hub ? `hub ${command.hub}: ` : ''}${command.query}`,
  placeholder: (_command, locale) => TEXT[locale].running,
  async handle(command, context) {
    const { logs, hubs } = await context.logs();
    const description = logs.description;
    const location = command.hub !== undefined ? findHub(hubs, command.hub) : undefined;
    if (command.hub !== undefined && !location) {
      const entries = Object.values(hubs ?? {});
      throw new UnknownHubError(
        command.hub,
        Object.keys(hubs ?? {}),
        entries.length > 0 && entries.every((e) => e.foundInLogs === true) ? 'logs' : 'configuration',
      );
    }
    const check = checkKql(command.query, description.inProcess ? 'schema' : 'open');
    if (!check.ok) {
      return {
        replies: [errorReply(command.query, check.errors, context.locale, undefined, check.knownTables)],
      };
    }
    const { target } = placeOf(location, description);
    const window = { startTime: new Date(command.window.start), endTime: new Date(command.window.end) };
    let result;
    try {
      result = await logs.query(target, command.query, window, {
        ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
      });
    } catch (error) {
      // The service's own syntax error with a position: the same caret as the parser's.
      if (
        error instanceof LogsQueryError &&
        error.kind === 'bad-query' &&
        error.details.position !== undefined
      ) {
        const problem = {
          message: error.message,
          code: error.details.code ?? '',
          start: Math.min(error.details.position, command.query.length),
          length: 1,
        };
        return {
          replies: [
            errorReply(
              command.query,
              [problem],
              context.locale,
              TEXT[context.locale].rejected(description.serviceName),
            ),
          ],
        };
      }
      throw error;
    }
    const [table] = result.tables;
    const columns = table?.columns ?? [];
    const rows = table?.rows ?? [];
    const { pages } = pageOf(rows, command.page);
    const render = renderKindOf(command.query);
    const card = queryResultCard(
      {
        query: command.query,
        page: command.page,
        window: command.window,
        source: `${description.serviceName}${command.hub !== undefined ? ` · ${command.hub}` : ''}`,
        columns,
        rows,
        ...(result.status === 'PartialFailure' ? { partialError: result.partialError.message } : {}),
        ...(render ? { render } : {}),
        ...(command.page < pages
          ? {
              nextPage: {
                cmd: 'kql' as const,
                query: command.query,
                page: command.page + 1,
                ...(command.hub !== undefined ? { hub: command.hub } : {}),
                ...command.window,
              },
            }
          : {}),
        target,
      },
      context.cards,
    );
    return { replies: [{ kind: 'card', card, summary: `KQL: ${rows.length} rows` }] };
  },
});
