/**
 * SAS token renewal without any error code (findings.md, second wave): the Node.js SDK closes and
 * reopens its MQTT connection at renewal and logs both as information; the C SDK rotates its token
 * about every 48 minutes. The pattern is a clean disconnect, a successful connect seconds later,
 * recurring at a steady interval close to a token lifetime. Expected (info); said so the question
 * "why did it disconnect?" is answered instead of "no problem found".
 *
 *   deviceDisconnect (no code) ──≤ 60 s──▶ deviceConnect (success)   × ≥ 3, every 30–75 min
 */
import type { SdkFamily } from '../../knowledge/catalog';
import { makeFinding, type Finding } from '../finding';
import { eventTime, type DeviceEvent } from '../timeline';
import type { DetectorContext } from './context';
import {
  MINUTE_MS,
  SECOND_MS,
  formatDuration,
  gapsMs,
  isDisconnect,
  isSteady,
  isSuccessfulConnect,
  median,
  nextMatching,
} from './event-patterns';

const RECONNECT_WITHIN_MS = 60 * SECOND_MS;
/** Three cycles (two gaps) make a rhythm. */
const MIN_GAPS = 2;
/** Token lifetimes minus renewal margins seen in the SDKs: Node.js ~45 min, C ~48 min, others up to 60 (+10). */
const MIN_INTERVAL_MS = 30 * MINUTE_MS;
const MAX_INTERVAL_MS = 75 * MINUTE_MS;

const SDK_NAMES: Readonly<Record<SdkFamily, string>> = {
  dotnet: '.NET',
  java: 'Java',
  node: 'Node.js',
  python: 'Python',
  c: 'C',
};

/** The clean disconnect → quick successful connect pairs of the device, oldest first. */
export function cleanReconnects(events: readonly DeviceEvent[]): DeviceEvent[][] {
  const pairs: DeviceEvent[][] = [];
  for (let i = 0; i < events.length; i++) {
    const dropped = events[i];
    if (!dropped || !isDisconnect(dropped) || dropped.code !== '' || dropped.level === 'Error') continue;
    const back = nextMatching(events, i, RECONNECT_WITHIN_MS, isSuccessfulConnect);
    if (!back) continue;
    pairs.push([dropped, back.event]);
    i = back.index;
  }
  return pairs;
}

/** The SDK by name for the summary, or what the device's connect records say when the family is unknown. */
function sdkName(context: DetectorContext, pairs: readonly DeviceEvent[][]): string {
  if (context.sdkFamily !== 'unknown') return SDK_NAMES[context.sdkFamily];
  const connect = pairs.at(-1)?.[1];
  return connect?.sdk || connect?.protocol || 'unknown';
}

export function detectCleanReconnects(context: DetectorContext): Finding[] {
  const pairs = cleanReconnects(context.events);
  const starts = pairs.map((pair) => pair[0]).filter((event): event is DeviceEvent => event !== undefined);
  const gaps = gapsMs(starts);
  const interval = median(gaps);
  if (!isSteady(gaps, MIN_GAPS) || interval < MIN_INTERVAL_MS || interval > MAX_INTERVAL_MS) return [];
  const outOfRhythm = starts.filter((event, index) => {
    const previous = starts[index - 1];
    return (
      previous !== undefined && Math.abs(eventTime(event) - eventTime(previous) - interval) > 0.15 * interval
    );
  }).length;
  return [
    makeFinding('iothub.reconnect.token-lifetime', pairs.flat(), {
      confidence: outOfRhythm === 0 && pairs.length >= 4 ? 0.9 : 0.75,
      params: {
        deviceId: context.deviceId,
        count: pairs.length,
        interval: formatDuration(interval),
        sdk: sdkName(context, pairs),
      },
      facts: { sdkFamily: context.sdkFamily, intervalMinutes: Math.round(interval / MINUTE_MS) },
    }),
  ];
}
