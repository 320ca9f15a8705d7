/**
 * The live connection state line `status X` adds: Event Grid reports a disconnect within seconds,
 * the resource logs minutes later, so "disconnected 3 min ago, as of 10:42:05 from Event Grid"
 * can be true before the logs say so.
 */
import type { CardContext } from '../../cards/card-context';
import { formatAgo } from '../../cards/card-parts';
import { formatEventTime } from '../../cards/card-time';
import type { HandlerContext } from '../verbs';

const LIVE_TEXT = {
  en: {
    connected: (since: string, asOf: string) =>
      `Live: connected since ${since}, as of ${asOf} from Event Grid.`,
    disconnected: (ago: string, asOf: string) => `Live: disconnected ${ago}, as of ${asOf} from Event Grid.`,
  },
  ko: {
    connected: (since: string, asOf: string) => `실시간: ${since}부터 연결됨 (Event Grid, ${asOf} 기준).`,
    disconnected: (ago: string, asOf: string) => `실시간: ${ago} 연결 끊김 (Event Grid, ${asOf} 기준).`,
  },
} as const;

/** The line for the device, or undefined when Event Grid has said nothing about it (or is not wired). */
export async function liveStateLine(
  device: { readonly deviceId: string; readonly hub?: string },
  context: Pick<HandlerContext, 'alerts' | 'cards'>,
): Promise<string | undefined> {
  const states = context.alerts?.live?.states;
  if (!states) return undefined;
  const state = await states.get(device.hub, device.deviceId);
  if (!state) return undefined;
  const ctx: CardContext = context.cards;
  const text = LIVE_TEXT[ctx.locale];
  // The date only when it is not today (UTC), as the timeline does.
  const at = (iso: string) =>
    formatEventTime(iso, ctx, iso.slice(0, 10) !== ctx.now.toISOString().slice(0, 10));
  const asOf = at(state.asOf);
  return state.state === 'connected'
    ? text.connected(at(state.since), asOf)
    : text.disconnected(formatAgo(state.since, ctx), asOf);
}
