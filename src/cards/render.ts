import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CardDataByTemplate, CardRequest, CardTemplateName } from './card-data';
import { Template } from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to attach to a message. */
export type AdaptiveCardJson = Record<string, unknown> & {
  readonly type: 'AdaptiveCard';
  readonly version: string;
};

/** A template that did not expand cleanly: a bug, never something to show a user as a card. */
export class CardRenderError extends Error {
  override readonly name = 'CardRenderError';
}

/** `cards/` at the repository root, whether we run from `src/` (ts) or `lib/` (compiled). */
export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'cards');

/**
 * Expands the templates in `cards/` with typed data by adaptivecards-templating. Templates are read
 * and parsed once. (A hand-written expander was ~90 µs a card faster; measured against the load
 * bench's diagnosis p99 of ~185 ms that was noise, so the library's own semantics win.)
 *
 * It fails loudly on any leftover `${`: `adaptivecards-templating` leaves unbound expressions
 * as literal text, which would otherwise reach a user as `${deviceId}`.
 */
export class CardRenderer {
  private readonly templates = new Map<CardTemplateName, Template>();

  constructor(private readonly templatesDir: string = DEFAULT_TEMPLATES_DIR) {}

  render<N extends CardTemplateName>(template: N, data: CardDataByTemplate[N]): AdaptiveCardJson {
    // Without `$root` nothing expands.
    const expanded: unknown = this.template(template).expand({ $root: data });
    // Walking the card for `${` is cheaper than writing it out as JSON text; the text is only needed for the message.
    if (holdsExpression(expanded)) {
      const text = JSON.stringify(expanded);
      const leftover = text.indexOf('${');
      throw new CardRenderError(
        `Card "${template}" has an unexpanded expression near: ${text.slice(Math.max(0, leftover - 40), leftover + 40)}`,
      );
    }
    if (!isAdaptiveCard(expanded))
      throw new CardRenderError(`Card "${template}" did not expand to an AdaptiveCard.`);
    return expanded;
  }

  renderRequest(request: CardRequest): AdaptiveCardJson {
    return this.render(request.template, request.data as never);
  }

  private template(name: CardTemplateName): Template {
    let template = this.templates.get(name);
    if (!template) {
      const file = path.join(this.templatesDir, `${name}.json`);
      template = new Template(JSON.parse(readFileSync(file, 'utf8')) as object);
      this.templates.set(name, template);
    }
    return template;
  }
}

/** Whether `${` occurs in any string (value or key) of the JSON text of `value`. */
function holdsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (holdsExpression(item)) return true;
    return false;
  }
  // A toJSON (Date, ...) writes something else than the object's own fields.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (JSON.stringify(value) ?? '').includes('${');
  // for-in with an own-property check: JSON's keys without the array Object.keys would allocate.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key.includes('${') || holdsExpression((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function isAdaptiveCard(value: unknown): value is AdaptiveCardJson {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'AdaptiveCard';
}
