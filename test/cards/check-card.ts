/**
 * What every rendered card must pass before it reaches Teams: it parses with the official
 * `adaptivecards` library without unknown elements or properties (Teams' Chart.* extensions are the
 * one exception, and only with a fallback), has no unexpanded `${`, stays under the size budget,
 * and every Action.Execute carries an Action.Submit fallback with the same data.
 */
import { isDeepStrictEqual } from 'node:util';

// The ESM build in lib/ fails under Node; the UMD bundle works without a DOM (toolchain.md).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

interface ValidationEvent {
  readonly message: string;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
    toJSON(context?: unknown): unknown;
  };
  SerializationContext: new () => { eventCount: number; getEventAt(index: number): ValidationEvent };
}

/** Teams renders these; the library does not know them. Each must carry a `fallback` element. */
export const TEAMS_CHART_TYPES = [
  'Chart.Line',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
  'Chart.Pie',
  'Chart.Donut',
  'Chart.Gauge',
];

/** Teams' message limit is 100 KB; cards are kept under 80 KB (limits-and-protocols.md). */
export const CARD_SIZE_LIMIT_BYTES = 80 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys the library reads but does not write back (so a round trip cannot show them). */
const NOT_ROUND_TRIPPED = new Set(['fallback', '$schema']);

/** Replaces each chart by its fallback (after checking it has one) and collects problems. */
function withoutCharts(node: Json, problems: string[], path: string): Json {
  if (Array.isArray(node)) return node.map((item, i) => withoutCharts(item, problems, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return node;
  const type = node['type'];
  if (typeof type === 'string' && type.startsWith('Chart.')) {
    if (!TEAMS_CHART_TYPES.includes(type)) problems.push(`${path}: unknown chart type ${type}`);
    const fallback = node['fallback'];
    if (!fallback || typeof fallback !== 'object' || Array.isArray(fallback))
      problems.push(`${path}: ${type} without a fallback element`);
    else return withoutCharts(fallback, problems, `${path}.fallback`);
    return { type: 'TextBlock', text: 'missing fallback' };
  }
  const copy: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node))
    copy[key] = withoutCharts(value, problems, `${path}.${key}`);
  return copy;
}

/** Every action object anywhere in the card (top-level, ActionSets, ShowCards, selectActions). */
export function allActions(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown, isFallback: boolean): void => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, false));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (!isFallback && typeof record['type'] === 'string' && record['type'].startsWith('Action.'))
        found.push(record);
      for (const [key, value] of Object.entries(record)) walk(value, key === 'fallback');
    }
  };
  walk(card, false);
  return found;
}

/** Keys present in `input` but missing from the library's re-serialization: properties it did not know. */
function droppedKeys(input: Json, output: Json, path: string, problems: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return;
    input.forEach((item, i) => droppedKeys(item, output[i] ?? null, `${path}[${i}]`, problems));
    return;
  }
  if (
    input === null ||
    typeof input !== 'object' ||
    output === null ||
    typeof output !== 'object' ||
    Array.isArray(output)
  )
    return;
  for (const [key, value] of Object.entries(input)) {
    if (NOT_ROUND_TRIPPED.has(key)) continue;
    // Inside `data` anything goes: it is the bot's own payload.
    if (key === 'data' && typeof input['type'] === 'string' && input['type'].startsWith('Action.')) continue;
    if (!(key in output)) {
      if (isDefaultValue(key, value)) continue;
      problems.push(`${path}.${key}: unknown or invalid property (${JSON.stringify(value).slice(0, 60)})`);
      continue;
    }
    droppedKeys(value, output[key] ?? null, `${path}.${key}`, problems);
  }
}

/** The library leaves out properties set to their default; those are not unknown. */
function isDefaultValue(key: string, value: Json): boolean {
  const defaults: Record<string, Json[]> = {
    wrap: [false],
    isSubtle: [false],
    separator: [false],
    isVisible: [true],
    spacing: ['Default'],
    size: ['Default'],
    weight: ['Default'],
    color: ['Default'],
    fontType: ['Default'],
    style: ['default', 'Default'],
    width: ['stretch'],
  };
  return (defaults[key] ?? []).some((candidate) => candidate === value);
}

/** Problems with a rendered card; empty when it is fit to send. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const text = JSON.stringify(card);
  if (text.includes('${'))
    problems.push(`leftover \${ near ${text.slice(text.indexOf('${') - 30, text.indexOf('${') + 30)}`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CARD_SIZE_LIMIT_BYTES) problems.push(`card is ${bytes} bytes, over ${CARD_SIZE_LIMIT_BYTES}`);
  const root = card as Record<string, unknown>;
  if (root['type'] !== 'AdaptiveCard' || root['version'] !== '1.5') problems.push('not an AdaptiveCard 1.5');

  for (const action of allActions(card)) {
    if (action['type'] === 'Action.Submit')
      problems.push(
        `a bare Action.Submit "${String(action['title'])}": buttons that call the bot are Action.Execute`,
      );
    if (action['type'] !== 'Action.Execute') continue;
    const fallback = action['fallback'] as Record<string, unknown> | undefined;
    const data = action['data'] as Record<string, unknown> | undefined;
    if (!fallback || fallback['type'] !== 'Action.Submit')
      problems.push(`Action.Execute "${String(action['title'])}" without an Action.Submit fallback`);
    else if (!isDeepStrictEqual(fallback['data'], data))
      problems.push(`Action.Execute "${String(action['title'])}": fallback data differs`);
    if (!data || typeof data['cmd'] !== 'string' || action['verb'] !== data['cmd'])
      problems.push(`Action.Execute "${String(action['title'])}": verb must be data.cmd`);
  }

  const plain = withoutCharts(card as Json, problems, '$');
  const adaptiveCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptiveCard.parse(plain, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of adaptiveCard.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);
  droppedKeys(plain, adaptiveCard.toJSON() as Json, '$', problems);
  return problems;
}
