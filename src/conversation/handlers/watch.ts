/**
 * Watches on the live connection state from Event Grid: `watch X [for 10m]`, `watch hub H`,
 * `unwatch X`, `watches`; `X 감시`, `허브 H 감시`, `감시 해제 X`, `감시 목록`. The conversation
 * is told once when a device stays disconnected longer than the grace period, once when it is
 * back online (compose/live.ts evaluates the watches on a timer and posts through the outbox).
 *
 * Permission: watching is reading (`ask`, the reader role). Unlike `subscribe` (admin), a watch
 * posts at most one card per outage of the device someone asked about, into the conversation
 * that asked; anyone who may read the device's state may ask to be told when it changes.
 */
import { z } from 'zod';
import { PERMISSIONS } from '../../authorization/protected-actions';
import type { Locale } from '../../cards/card-data';
import { InvalidIdentifierError, isValidIdentifier } from '../../diagnosis/kql-literal';
import type { Watch, WatchTarget } from '../../live/watch-rules';
import { buttonText, identifier, optionalIdentifier } from '../card-action';
import {
  defineVerb,
  type HandlerContext,
  type HandlerResult,
  type LiveServices,
  type TextRejection,
} from '../verbs';

export interface WatchCommand {
  readonly verb: 'watch';
  readonly target: WatchTarget;
  readonly graceMs?: number;
}

export interface UnwatchCommand {
  readonly verb: 'unwatch';
  readonly target: WatchTarget;
}

export interface WatchesCommand {
  readonly verb: 'watches';
}

/** The grace period asked for is kept within these bounds (a snapshot is ~60 s; a day is plenty). */
const MIN_GRACE_MS = 60_000;
const MAX_GRACE_MS = 24 * 60 * 60_000;

const WATCH_EN =
  /^watch\s+(?:(hub)\s+)?(\S+)(?:\s+for\s+(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?))?\s*$/i;
const WATCH_KO = /^(?:(허브)\s+)?(\S+)\s+감시(?:\s+(\d+)\s*(초|분|시간))?\s*$/;
const UNWATCH_EN = /^unwatch\s+(?:(hub)\s+)?(\S+)\s*$/i;
const UNWATCH_KO = /^감시\s*해제\s+(?:(허브)\s+)?(\S+)\s*$/;
const WATCHES = /^(?:watches|watch\s+list|감시\s*목록)\s*$/i;

const TEXT = {
  en: {
    notHere: 'Watches belong to a Teams conversation with the bot.',
    off: 'Live connection state is not set up for this bot (no Event Grid subscription on POST /api/events).',
    usage:
      'Say which device or hub to watch, e.g. "watch pump-station-4 for 10m" or "watch hub contoso-hub".',
    unwatchUsage: 'Say which watch to remove, e.g. "unwatch pump-station-4" or "unwatch hub contoso-hub".',
    watching: (what: string, grace: string) =>
      `Watching ${what}: I'll tell this conversation once when it has been disconnected for more than ${grace}, and once when it is back online.`,
    stopped: (what: string) => `Stopped watching ${what}.`,
    wasNot: (what: string) => `This conversation was not watching ${what}.`,
    none: 'This conversation watches nothing. Try "watch <device>" or "watch hub <hub>".',
    list: (lines: string[]) => `This conversation watches:\n\n${lines.map((l) => `- ${l}`).join('\n')}`,
    line: (what: string, grace: string) => `${what} (tells after ${grace} disconnected)`,
    grace: (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`),
    device: (id: string, hub?: string) => (hub ? `${id} on ${hub}` : id),
    hub: (hub: string) => `every device of hub ${hub}`,
  },
  ko: {
    notHere: '감시는 봇이 있는 Teams 대화에서만 할 수 있어요.',
    off: '이 봇에는 실시간 연결 상태가 설정되어 있지 않아요 (POST /api/events에 Event Grid 구독 없음).',
    usage: '감시할 장치나 허브를 알려 주세요. 예: "pump-station-4 감시 10분" 또는 "허브 contoso-hub 감시".',
    unwatchUsage: '해제할 감시를 알려 주세요. 예: "감시 해제 pump-station-4".',
    watching: (what: string, grace: string) =>
      `${what} 감시 중: ${grace} 넘게 연결이 끊기면 한 번, 다시 연결되면 한 번 이 대화에 알려 드릴게요.`,
    stopped: (what: string) => `${what} 감시를 해제했어요.`,
    wasNot: (what: string) => `이 대화는 ${what}을(를) 감시하고 있지 않아요.`,
    none: '이 대화에서 감시 중인 것이 없어요. "<장치> 감시" 또는 "허브 <허브> 감시"를 써 보세요.',
    list: (lines: string[]) => `이 대화의 감시 목록:\n\n${lines.map((l) => `- ${l}`).join('\n')}`,
    line: (what: string, grace: string) => `${what} (${grace} 넘게 끊기면 알림)`,
    grace: (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)}초` : `${Math.round(ms / 60_000)}분`),
    device: (id: string, hub?: string) => (hub ? `${hub}의 ${id}` : id),
    hub: (hub: string) => `허브 ${hub}의 모든 장치`,
  },
} satisfies Record<Locale, unknown>;

function describe(target: WatchTarget, locale: Locale): string {
  const say = TEXT[locale];
  return target.kind === 'hub' ? say.hub(target.hub) : say.device(target.deviceId, target.hub);
}

function graceOf(amount: string | undefined, unit: string | undefined): number | undefined {
  if (amount === undefined || unit === undefined) return undefined;
  const n = Number(amount);
  const u = unit.toLowerCase();
  const ms =
    u.startsWith('s') || u === '초'
      ? n * 1000
      : u.startsWith('h') || u === '시간'
        ? n * 3_600_000
        : n * 60_000;
  return Math.min(MAX_GRACE_MS, Math.max(MIN_GRACE_MS, ms));
}

/** A device or hub target from the typed words; rejects an id that breaks the identifier rules. */
function targetOf(isHub: boolean, name: string): WatchTarget | TextRejection {
  const kind = isHub ? 'hub-name' : 'device-id';
  if (!isValidIdentifier(kind, name))
    return { kind: 'invalid', error: new InvalidIdentifierError(kind, name) };
  return isHub ? { kind: 'hub', hub: name } : { kind: 'device', deviceId: name };
}

/** `{deviceId, hub?}` is a device watch; `{hub}` alone watches the hub. */
const targetData = z.object({ deviceId: buttonText(200).optional(), hub: buttonText(100).optional() });

function targetOfData(data: z.output<typeof targetData>): WatchTarget | TextRejection {
  if (data.deviceId !== undefined) {
    return {
      kind: 'device',
      deviceId: identifier('device-id', data.deviceId),
      ...optionalIdentifier('hub', 'hub-name', data.hub),
    };
  }
  if (data.hub !== undefined) return { kind: 'hub', hub: identifier('hub-name', data.hub) };
  return { kind: 'usage', message: { en: TEXT.en.unwatchUsage, ko: TEXT.ko.unwatchUsage } };
}

function dataOfTarget(target: WatchTarget): z.input<typeof targetData> {
  return target.kind === 'hub'
    ? { hub: target.hub }
    : { deviceId: target.deviceId, ...(target.hub ? { hub: target.hub } : {}) };
}

function say(text: string): HandlerResult {
  return { replies: [{ kind: 'text', text }] };
}

/** The live services and the conversation, or the reply saying why there are none. */
function liveHere(
  context: HandlerContext,
): { refusal: HandlerResult } | { live: LiveServices; conversationKey: string } {
  const live = context.alerts?.live;
  if (!context.party) return { refusal: say(TEXT[context.locale].notHere) };
  if (!live) return { refusal: say(TEXT[context.locale].off) };
  return { live, conversationKey: context.party.conversationKey };
}

export const watchVerb = defineVerb({
  verb: 'watch',
  permission: PERMISSIONS.ask,
  help: {
    rank: 112,
    description: {
      en: 'Tell this conversation when a device (or any device of a hub) stays disconnected, and when it is back: live from Event Grid',
      ko: '장치(또는 허브의 장치)가 계속 끊겨 있으면, 그리고 다시 연결되면 이 대화에 알림 (Event Grid 실시간)',
    },
    example: { en: 'watch pump-station-4 for 10m', ko: 'pump-station-4 감시' },
  },
  needsAlerts: true,
  keywords: ['watch', '감시'],
  matches: (utterance) => {
    const text = utterance.text.trim();
    return (WATCH_EN.test(text) || WATCH_KO.test(text)) && !WATCHES.test(text) && !UNWATCH_KO.test(text);
  },
  fromText(utterance): WatchCommand | TextRejection {
    const match = WATCH_EN.exec(utterance.text.trim()) ?? WATCH_KO.exec(utterance.text.trim());
    if (!match?.[2]) return { kind: 'usage', message: { en: TEXT.en.usage, ko: TEXT.ko.usage } };
    const target = targetOf(match[1] !== undefined, match[2]);
    if ('kind' in target && (target.kind === 'invalid' || target.kind === 'usage')) return target;
    const graceMs = graceOf(match[3], match[4]);
    return { verb: 'watch', target: target as WatchTarget, ...(graceMs !== undefined ? { graceMs } : {}) };
  },
  auditTarget: (command) => describe(command.target, 'en'),
  async handle(command, context) {
    const here = liveHere(context);
    if ('refusal' in here) return here.refusal;
    const watch: Watch = await here.live.watches.add(here.conversationKey, command.target, {
      ...(command.graceMs !== undefined ? { graceMs: command.graceMs } : {}),
      now: context.now,
    });
    await here.live.rememberLanguage(here.conversationKey, context.locale);
    return say(
      TEXT[context.locale].watching(
        describe(watch.target, context.locale),
        TEXT[context.locale].grace(watch.graceMs),
      ),
    );
  },
});

export const unwatchVerb = defineVerb({
  verb: 'unwatch',
  permission: PERMISSIONS.ask,
  help: {
    rank: 114,
    description: { en: 'Stop watching a device or hub', ko: '장치나 허브 감시 해제' },
    example: { en: 'unwatch pump-station-4', ko: '감시 해제 pump-station-4' },
  },
  needsAlerts: true,
  keywords: ['unwatch', '감시 해제'],
  matches: (utterance) => {
    const text = utterance.text.trim();
    return UNWATCH_EN.test(text) || UNWATCH_KO.test(text);
  },
  fromText(utterance): UnwatchCommand | TextRejection {
    const match = UNWATCH_EN.exec(utterance.text.trim()) ?? UNWATCH_KO.exec(utterance.text.trim());
    if (!match?.[2])
      return { kind: 'usage', message: { en: TEXT.en.unwatchUsage, ko: TEXT.ko.unwatchUsage } };
    const target = targetOf(match[1] !== undefined, match[2]);
    if ('kind' in target && (target.kind === 'invalid' || target.kind === 'usage')) return target;
    return { verb: 'unwatch', target: target as WatchTarget };
  },
  button: {
    data: targetData,
    toCommand: (data): UnwatchCommand | TextRejection => {
      const target = targetOfData(data);
      return 'kind' in target && target.kind === 'usage'
        ? target
        : { verb: 'unwatch', target: target as WatchTarget };
    },
    fromCommand: (command) => dataOfTarget(command.target),
  },
  auditTarget: (command) => describe(command.target, 'en'),
  async handle(command, context) {
    const here = liveHere(context);
    if ('refusal' in here) return here.refusal;
    const what = describe(command.target, context.locale);
    let removed = await here.live.watches.remove(here.conversationKey, command.target);
    // "unwatch X" also ends a watch that named X's hub (the Mute button names exactly what is watched).
    if (!removed && command.target.kind === 'device' && !command.target.hub) {
      const target = command.target;
      const named = (await here.live.watches.list(here.conversationKey)).find(
        (w) => w.target.kind === 'device' && w.target.deviceId === target.deviceId,
      );
      if (named) removed = await here.live.watches.remove(here.conversationKey, named.target);
    }
    return say(removed ? TEXT[context.locale].stopped(what) : TEXT[context.locale].wasNot(what));
  },
});

export const watchesVerb = defineVerb({
  verb: 'watches',
  permission: PERMISSIONS.ask,
  help: {
    rank: 116,
    description: { en: 'What this conversation watches', ko: '이 대화의 감시 목록' },
    example: { en: 'watches', ko: '감시 목록' },
  },
  needsAlerts: true,
  keywords: ['watches', '감시 목록'],
  matches: (utterance) => WATCHES.test(utterance.text.trim()),
  fromText: (): WatchesCommand => ({ verb: 'watches' }),
  async handle(_command, context) {
    const here = liveHere(context);
    if ('refusal' in here) return here.refusal;
    const text = TEXT[context.locale];
    const mine = await here.live.watches.list(here.conversationKey);
    if (mine.length === 0) return say(text.none);
    return say(
      text.list(mine.map((w) => text.line(describe(w.target, context.locale), text.grace(w.graceMs)))),
    );
  },
});
