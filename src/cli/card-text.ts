/**
 * An Adaptive Card as plain terminal text, so `iot-triage ask` shows the same answer the bot
 * posts: text blocks as lines, fact sets as aligned "title: value" pairs, buttons as `[Title]`,
 * charts by their text fallback. Hidden parts (toggled "show query" sections) are left out; `--json`
 * has the whole card.
 */

type CardNode = Record<string, unknown>;

function isNode(value: unknown): value is CardNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodes(value: unknown): CardNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

function plain(text: string): string {
  // Teams markdown: **bold** reads fine without the stars in a terminal.
  return text.replace(/\*\*(.+?)\*\*/g, '$1');
}

function buttons(actions: readonly CardNode[]): string[] {
  const titles = actions.map((action) => action['title']).filter((t): t is string => typeof t === 'string');
  return titles.length > 0 ? [titles.map((title) => `[${title}]`).join(' ')] : [];
}

function factLines(facts: readonly CardNode[]): string[] {
  const pairs = facts.map((fact) => [String(fact['title'] ?? ''), String(fact['value'] ?? '')] as const);
  const width = Math.max(0, ...pairs.map(([title]) => title.length));
  return pairs.map(([title, value]) => `  ${`${title}:`.padEnd(width + 1)} ${plain(value)}`);
}

function elementLines(element: CardNode): string[] {
  if (element['isVisible'] === false) return [];
  const type = String(element['type'] ?? '');
  switch (type) {
    case 'TextBlock':
      return typeof element['text'] === 'string' && element['text'] !== ''
        ? plain(element['text']).split('\n')
        : [];
    case 'RichTextBlock': {
      const text = nodes(element['inlines'])
        .map((inline) => (typeof inline['text'] === 'string' ? inline['text'] : ''))
        .join('');
      return text === '' ? [] : plain(text).split('\n');
    }
    case 'FactSet':
      return factLines(nodes(element['facts']));
    case 'Container':
    case 'Column':
      return itemLines(nodes(element['items']));
    case 'ColumnSet': {
      // One row: each column's lines joined, columns side by side (timeline rows, help rows).
      const cells = nodes(element['columns'])
        .map((column) => elementLines(column).join(' · '))
        .filter((cell) => cell !== '');
      return cells.length === 0 ? [] : [cells.join('  ')];
    }
    case 'ActionSet':
      return buttons(nodes(element['actions']));
    default:
      if (type.startsWith('Chart.')) {
        const fallback = element['fallback'];
        return isNode(fallback) ? elementLines(fallback) : [];
      }
      return [];
  }
}

function itemLines(items: readonly CardNode[]): string[] {
  return items.flatMap((item) => elementLines(item));
}

/** The card's visible text, one element per line, buttons last. */
export function cardToText(card: unknown): string {
  if (!isNode(card)) return '';
  const lines = [...itemLines(nodes(card['body'])), ...buttons(nodes(card['actions']))];
  return lines.join('\n');
}
