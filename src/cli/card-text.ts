/**
 * An Adaptive Card as plain terminal text, so `iot-triage ask` shows the same answer the bot
 * posts: text blocks as lines, fact sets as aligned "title: value" pairs, buttons as `[Title]`,
 * charts by their text fallback. A terminal has no toggles, so the sections a card opens from its
 * top-level buttons (a diagnosis's findings and activity) are printed in full; the parts nested
 * deeper (each finding's details, "Show query") stay hidden, and `--json` has the whole card.
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

function elementLines(element: CardNode, opened: ReadonlySet<string>): string[] {
  if (element['isVisible'] === false && !opened.has(String(element['id'] ?? ''))) return [];
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
      return itemLines(nodes(element['items']), opened);
    case 'ColumnSet': {
      // One row: each column's lines joined, columns side by side (timeline rows, help rows).
      const cells = nodes(element['columns'])
        .map((column) => elementLines(column, opened).join(' · '))
        .filter((cell) => cell !== '');
      return cells.length === 0 ? [] : [cells.join('  ')];
    }
    case 'ActionSet':
      return buttons(nodes(element['actions']));
    default:
      if (type.startsWith('Chart.')) {
        const fallback = element['fallback'];
        return isNode(fallback) ? elementLines(fallback, opened) : [];
      }
      return [];
  }
}

function itemLines(items: readonly CardNode[], opened: ReadonlySet<string>): string[] {
  return items.flatMap((item) => elementLines(item, opened));
}

/** The ids the card's top-level button rows toggle: the sections a reader opens first. */
function sectionsOpenedFromTop(body: readonly CardNode[]): Set<string> {
  const ids = new Set<string>();
  for (const item of body) {
    if (item['type'] !== 'ActionSet') continue;
    for (const action of nodes(item['actions'])) {
      if (action['type'] !== 'Action.ToggleVisibility') continue;
      const targets = Array.isArray(action['targetElements']) ? (action['targetElements'] as unknown[]) : [];
      for (const target of targets) {
        const id = typeof target === 'string' ? target : isNode(target) ? target['elementId'] : undefined;
        if (typeof id === 'string') ids.add(id);
      }
    }
  }
  return ids;
}

/** The card's text, one element per line, buttons last. */
export function cardToText(card: unknown): string {
  if (!isNode(card)) return '';
  const body = nodes(card['body']);
  const lines = [...itemLines(body, sectionsOpenedFromTop(body)), ...buttons(nodes(card['actions']))];
  return lines.join('\n');
}
