/**
 * The healthy fleet: devices that reboot or roam now and then (clean disconnects at Information
 * level, a reconnect seconds later, sometimes a DPS re-registration at boot) and that only show an
 * error when the whole hub has a bad moment (the mass disconnect). Each device's records are
 * produced lazily and in time order, so a million-row fleet never sits in memory.
 */
import type { DeviceSdk } from './fleet-resources';
import { connect, disconnect, makeProfile, register } from './device-profile';
import { deriveSeed, Prng } from './prng';
import type { SimEvent } from './records';
import { massDisconnectStart, massDisconnectVictim } from './scenarios';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Mean time between reconnects of a healthy device (reboots, roaming, network changes). */
const MEAN_UPTIME_IN_MS = 8 * HOUR;
const MASS_DISCONNECT_SHARE = 0.3;

const KINDS = [
  'thermostat',
  'chiller',
  'meter',
  'pump',
  'sensor',
  'hvac',
  'gateway',
  'camera',
  'valve',
  'tracker',
] as const;
const CITIES = [
  'seoul',
  'busan',
  'incheon',
  'daegu',
  'daejeon',
  'gwangju',
  'ulsan',
  'suwon',
  'changwon',
  'jeju',
];
const SDK_MIX: readonly { weight: number; value: DeviceSdk['key'] }[] = [
  { weight: 30, value: 'dotnet' },
  { weight: 20, value: 'c' },
  { weight: 20, value: 'node' },
  { weight: 15, value: 'python' },
  { weight: 15, value: 'java' },
];

/** A realistic, unique name for the n-th healthy device (`thermostat-1042`, `chiller-c1017`, `meter-busan-1311`). */
export function healthyDeviceName(rng: Prng, index: number, taken: ReadonlySet<string>): string {
  const number = 1000 + index;
  const kind = rng.pick(KINDS);
  const name =
    kind === 'thermostat' || kind === 'sensor' || kind === 'tracker'
      ? `${kind}-${number}`
      : kind === 'chiller' || kind === 'hvac'
        ? `${kind}-${String.fromCharCode(97 + (index % 8))}${number}`
        : `${kind}-${rng.pick(CITIES)}-${number}`;
  return taken.has(name) ? `${name}-x` : name;
}

export function* healthyDeviceEvents(
  seed: number,
  index: number,
  window: { readonly startInMs: number; readonly endInMs: number },
  taken: ReadonlySet<string>,
): Generator<SimEvent> {
  const rng = new Prng(deriveSeed(seed, 'healthy', index));
  const deviceId = healthyDeviceName(rng, index, taken);
  const sdkKey = rng.weighted(SDK_MIX);
  // MQTT devices of SDKs that drop the connection at token renewal would all look like the
  // token-renewal scenario; the healthy fleet uses AMQP for those, as careful fleets do.
  const protocol =
    sdkKey === 'c' ? rng.pick(['Mqtt', 'Amqp'] as const) : rng.pick(['Amqp', 'AmqpWs'] as const);
  const device = makeProfile(rng, deviceId, sdkKey, { protocol });
  const massVictim = rng.chance(MASS_DISCONNECT_SHARE);
  const massAt = massDisconnectStart(window.endInMs);
  let massDone = !massVictim || massAt < window.startInMs;

  let connectedAt = window.startInMs + rng.int(0, 3 * 60) * MINUTE + rng.int(0, 59_999);
  if (rng.chance(0.3))
    yield* within(window, [register(rng, device, connectedAt - rng.int(2, 6) * SECOND, 200)]);
  yield* within(window, [connect(device, connectedAt)]);
  while (connectedAt < window.endInMs) {
    const nextDrop = connectedAt + Math.max(20 * MINUTE, rng.exponential(MEAN_UPTIME_IN_MS));
    if (!massDone && massAt > connectedAt && massAt <= nextDrop) {
      massDone = true;
      const [dropped, reconnected] = massDisconnectVictim(rng, device, window);
      if (dropped && reconnected) {
        yield* within(window, [dropped, reconnected]);
        connectedAt = reconnected.timeInMs;
        continue;
      }
    }
    if (nextDrop >= window.endInMs) return;
    const back = nextDrop + rng.int(5, 90) * SECOND;
    const events = [disconnect(device, nextDrop)];
    if (rng.chance(0.25)) events.push(register(rng, device, back - rng.int(2, 4) * SECOND, 200));
    events.push(connect(device, back));
    yield* within(window, events);
    connectedAt = back;
  }
}

function* within(
  window: { readonly startInMs: number; readonly endInMs: number },
  events: readonly SimEvent[],
): Generator<SimEvent> {
  for (const event of events)
    if (event.timeInMs >= window.startInMs && event.timeInMs < window.endInMs) yield event;
}
