/** Helpers to look inside rendered Adaptive Cards the way a reader of the card would. */

/** Every `text` / `title` / `value` string in a card, in document order. */
export function cardTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string')
          texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts;
}

/** The Adaptive Card content of an activity's first attachment, or undefined. */
export function adaptiveCardOf(activity: unknown): Record<string, unknown> | undefined {
  const attachments = (activity as { attachments?: { contentType?: string; content?: unknown }[] })
    .attachments;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return card?.content as Record<string, unknown> | undefined;
}
