/**
 * The detectors over events in the shape real IoT Hub and DPS logs have (findings.md, second wave):
 * renewals whose 401003 carries a text, renewals without any code, errors of the C2DCommands,
 * DirectMethods and FileUploadOperations categories, DPS rows with ResultType Success/ClientError
 * and empty ResultSignature on success. Timelines are built directly, as buildTimeline would.
 */
import { detectAssignedNotConnected } from '../../../src/diagnosis/detectors/assigned-not-connected';
import { detectCleanReconnects } from '../../../src/diagnosis/detectors/clean-reconnects';
import {
  detectDpsConflict,
  detectDpsForbidden,
  detectDpsMethodNotAllowed,
  detectDpsUnsupportedMediaType,
} from '../../../src/diagnosis/detectors/dps-errors';
import { detectDpsUnauthorized } from '../../../src/diagnosis/detectors/dps-unauthorized';
import {
  detectC2dLockLost,
  detectC2dQueueFull,
  detectCbsTokenLimit,
  detectDeviceNotOnline,
  detectFileUploadLimit,
  detectHubFailingOver,
  detectServiceUpgrade,
} from '../../../src/diagnosis/detectors/hub-error-codes';
import { detectHubSuspended } from '../../../src/diagnosis/detectors/hub-suspended';
import { detectMassDisconnect } from '../../../src/diagnosis/detectors/mass-disconnect';
import { detectStillOffline } from '../../../src/diagnosis/detectors/offline';
import { detectTokenRenewal } from '../../../src/diagnosis/detectors/token-renewal';
import { detectUnauthorizedByMessage } from '../../../src/diagnosis/detectors/unauthorized-messages';
import { detectUnexplainedUnauthorized } from '../../../src/diagnosis/detectors/unauthorized-unexplained';
import type { Detector, DetectorContext, HubContext } from '../../../src/diagnosis/detectors/context';
import { rankFindings } from '../../../src/diagnosis/rank';
import { runDetectors } from '../../../src/diagnosis/run-detectors';
import type { DeviceEvent } from '../../../src/diagnosis/timeline';
import { formatSummary } from '../../../src/knowledge/catalog';
import { at, connect, context, disconnect, hubEvent, timeline, window } from '../events';

const ids = (findings: readonly { id: string }[]): string[] => findings.map((f) => f.id);
const MINUTE = 60_000;

/** The whole pipeline a diagnosis runs over a timeline: every detector layer, then the ranking. */
function diagnoseTimeline(overrides: Partial<DetectorContext>): string[] {
  const { isExplained: _ignored, ...input } = context(overrides);
  return ids(rankFindings(runDetectors(input)));
}

/** `minute` after midnight as the `HH:MM:SS.mmm` text `at()` takes, plus `ms`. */
function clock(minute: number, ms = 0): string {
  return new Date(window.start.getTime() + minute * MINUTE + ms).toISOString().slice(11, 23);
}

const EXPIRED_TEXT = 'Authentication failed for this device, renew token or certificate and reconnect';

/** A real renewal cycle whose 401003 carries the "renew token or certificate" text. */
function renewalWithText(minute: number): DeviceEvent[] {
  return [
    disconnect(clock(minute), '401003', EXPIRED_TEXT),
    disconnect(clock(minute, 900), '404104'),
    connect(clock(minute, 5_000)),
  ];
}

/** A device connect with the sdkVersion a real connect record carries. */
function sdkConnect(time: string | number, sdk: string, family: DeviceEvent['sdkFamily']): DeviceEvent {
  return hubEvent(time, 'deviceConnect', '', '', { sdk, sdkFamily: family });
}

/** An event of another IoT Hub category that carries a deviceId. */
function categoryEvent(time: number, category: string, operation: string, code: string, name: string) {
  return hubEvent(time, operation, code, '', { category, name });
}

/** A DPS DeviceOperations row as Log Analytics has it: ResultType Success/ClientError/Failure. */
function dpsRow(
  time: string | number,
  status: '' | '401' | '403' | '405' | '409' | '415',
  category = 'DeviceOperations',
) {
  const success = status === '';
  return {
    ...hubEvent(time, category === 'DeviceOperations' ? 'RegistrationAttempt' : 'Upsert', status, ''),
    source: 'dps' as const,
    category,
    name: success ? 'Success' : 'ClientError',
    level: success ? 'Information' : 'Error',
    detailCode: '',
    protocol: 'Http',
    hub: 'DPS-A',
  };
}

describe('a normal token renewal is not an error, whatever its 401003 says', () => {
  const events = timeline(connect(0), ...[60, 120, 180].flatMap(renewalWithText));

  it('401003 "renew token or certificate" → 404104 → reconnect within seconds, hourly, is a renewal', () => {
    const [finding] = detectTokenRenewal(context({ events }));
    expect(finding).toMatchObject({ id: 'iothub.401003.token-renewal', severity: 'info' });
    expect(finding?.confidence).toBeGreaterThan(0.9);
    expect(detectUnauthorizedByMessage(context({ events }))).toEqual([]);
    expect(diagnoseTimeline({ events })).toEqual(['iothub.401003.token-renewal']);
  });

  it('the same text without the reconnect is still expired credentials', () => {
    const failing = timeline(
      connect(0),
      disconnect(60, '401003', EXPIRED_TEXT),
      ...[70, 80, 90].map((m) => connect(m, '401003', EXPIRED_TEXT)),
    );
    expect(diagnoseTimeline({ events: failing })[0]).toBe('iothub.401003.credentials-expired');
  });

  it('an unknown 401003 text falls back to unexplained and the params quote it', () => {
    const text = 'The specified SAS token has an invalid signature';
    const events401 = timeline(
      connect(10, '401003', text),
      connect(17, '401003', text),
      connect(30, '401003', 'https://aka.ms/iothub401003'),
    );
    const [finding] = detectUnexplainedUnauthorized(context({ events: events401 }));
    expect(finding).toMatchObject({
      id: 'iothub.401003.unexplained',
      params: { count: 3, errorMessage: text },
    });
    expect(formatSummary('iothub.401003.unexplained', 'ko', finding?.params ?? {})).toContain('401003');
    const linkOnly = detectUnexplainedUnauthorized(
      context({ events: timeline(connect(10, '401003', 'https://aka.ms/x')) }),
    );
    expect(linkOnly[0]?.params.errorMessage).toBeUndefined();
  });
});

describe('renewals without an error code (iothub.reconnect.token-lifetime)', () => {
  const NODE = 'azure-iot-device/1.18.3 (node v20.11.1; Linux 5.15; x64)';
  const cycles = (every: number, count: number, sdk: string, family: DeviceEvent['sdkFamily']) =>
    timeline(
      sdkConnect(0, sdk, family),
      ...Array.from({ length: count }, (_, i) => [
        disconnect(clock((i + 1) * every)),
        sdkConnect(clock((i + 1) * every, 3_000), sdk, family),
      ]).flat(),
    );

  it('finds informational disconnect + connect every 45 min of a Node.js device, with the SDK and interval', () => {
    const events = cycles(45, 8, NODE, 'node');
    const [finding] = detectCleanReconnects(context({ events, sdkFamily: 'node' }));
    expect(finding).toMatchObject({
      id: 'iothub.reconnect.token-lifetime',
      severity: 'info',
      params: { interval: '45 min', sdk: 'Node.js', count: 8 },
      facts: { sdkFamily: 'node', intervalMinutes: 45 },
    });
    expect(formatSummary('iothub.reconnect.token-lifetime', 'ko', finding?.params ?? {})).toContain('45분');
    expect(diagnoseTimeline({ events, sdkFamily: 'node' })).toEqual(['iothub.reconnect.token-lifetime']);
  });

  it('finds the C SDK rotating about every 48 min', () => {
    const events = cycles(48, 6, 'iothubclient/1.11.0 (native; Linux; x86_64)', 'c');
    expect(detectCleanReconnects(context({ events, sdkFamily: 'c' }))[0]?.params).toMatchObject({
      interval: '48 min',
      sdk: 'C',
    });
  });

  it('does not report irregular reboots, too few cycles, or intervals far from a token lifetime', () => {
    const irregular = timeline(
      connect(0),
      ...[50, 300, 340, 900].flatMap((m) => [disconnect(m), connect(m + 0.05)]),
    );
    expect(detectCleanReconnects(context({ events: irregular }))).toEqual([]);
    expect(detectCleanReconnects(context({ events: cycles(45, 2, NODE, 'node') }))).toEqual([]);
    expect(detectCleanReconnects(context({ events: cycles(180, 6, NODE, 'node') }))).toEqual([]);
    expect(detectCleanReconnects(context({ events: cycles(10, 6, NODE, 'node') }))).toEqual([]);
  });
});

describe('errors outside the Connections category', () => {
  it.each<[string, string, string, string, Detector, string]>([
    [
      'C2DCommands',
      'send',
      '403004',
      'DeviceMaximumQueueDepthExceeded',
      detectC2dQueueFull,
      'iothub.403004.c2d-queue-full',
    ],
    [
      'C2DCommands',
      'complete',
      '412002',
      'DeviceMessageLockLost',
      detectC2dLockLost,
      'iothub.412002.c2d-lock-lost',
    ],
    [
      'DirectMethods',
      'send',
      '404103',
      'DeviceNotOnline',
      detectDeviceNotOnline,
      'iothub.404103.device-not-online',
    ],
    [
      'FileUploadOperations',
      'ingress',
      '403006',
      'DeviceMaximumActiveFileUploadLimitExceeded',
      detectFileUploadLimit,
      'iothub.403006.file-upload-limit',
    ],
  ])('%s %s %s → its finding, ranked first', (category, operation, code, name, detect, id) => {
    const events = timeline(
      connect(0),
      ...[100, 160, 220].map((m) => categoryEvent(m, category, operation, code, name)),
    );
    expect(detect(context({ events }))[0]).toMatchObject({ id, params: { count: 3, hub: 'HUB-A' } });
    expect(diagnoseTimeline({ events })).toEqual([id]);
  });
});

describe('codes real hubs emit', () => {
  it.each<[string, Detector, string]>([
    ['404012', detectHubFailingOver, 'iothub.404012.hub-failing-over'],
    ['403005', detectCbsTokenLimit, 'iothub.403005.cbs-token-limit'],
    ['400030', detectServiceUpgrade, 'iothub.400029.service-upgrade'],
  ])('%s → %s', (code, detect, id) => {
    const events = timeline(connect(5, code), connect(9));
    expect(detect(context({ events }))[0]).toMatchObject({ id, params: { count: 1 } });
  });

  const busyBin = (minute: number, devices: number): HubContext => ({
    hub: 'HUB-A',
    bins: [{ startInMs: window.start.getTime() + Math.floor(minute / 5) * 5 * MINUTE, devices }],
    binsInWindow: 288,
  });

  it('a service-upgrade blip is info and the device is back; it is no fleet event', () => {
    const events = timeline(connect(0), disconnect(301, '400029'), connect(301.1, '400030'), connect(301.5));
    const hubContext = busyBin(301, 40);
    expect(detectMassDisconnect(context({ events, hubContext }))).toEqual([]);
    expect(diagnoseTimeline({ events, hubContext })).toEqual(['iothub.400029.service-upgrade']);
  });

  it('a device that never comes back after the upgrade is still offline, with the upgrade as cause', () => {
    const events = timeline(
      connect(0),
      disconnect(301, '400029'),
      connect(302, '400030'),
      connect(310, '400030'),
    );
    const found = diagnoseTimeline({ events });
    expect(found).toEqual(['iothub.offline.no-reconnect', 'iothub.400029.service-upgrade']);
  });

  it('403001: the hub is suspended; many devices failing at once make it surer', () => {
    const events = timeline(
      connect(0),
      disconnect(400, '403001'),
      connect(401, '403001'),
      connect(405, '403001'),
    );
    const alone = detectHubSuspended(context({ events }))[0];
    expect(alone).toMatchObject({
      id: 'iothub.403001.hub-suspended',
      severity: 'critical',
      confidence: 0.85,
    });
    const fleet = detectHubSuspended(context({ events, hubContext: busyBin(400, 250) }))[0];
    expect(fleet).toMatchObject({ confidence: 0.95, params: { deviceCount: 250, hub: 'HUB-A', count: 3 } });
    expect(detectMassDisconnect(context({ events, hubContext: busyBin(400, 250) }))).toEqual([]);
  });
});

describe('DPS statuses 403/405/409/415 in the real row shape', () => {
  it.each<['403' | '405' | '409' | '415', Detector, string]>([
    ['403', detectDpsForbidden, 'dps.403.forbidden'],
    ['405', detectDpsMethodNotAllowed, 'dps.405.method-not-allowed'],
    ['409', detectDpsConflict, 'dps.409.conflict'],
    ['415', detectDpsUnsupportedMediaType, 'dps.415.unsupported-media-type'],
  ])('%s → %s', (status, detect, id) => {
    const dpsEvents = timeline(dpsRow(10, status), dpsRow(11, status), dpsRow(12, ''));
    expect(detect(context({ dpsEvents }))[0]).toMatchObject({ id, params: { count: 2, dps: 'DPS-A' } });
    expect(detect(context({ dpsEvents: timeline(dpsRow(12, '')) }))).toEqual([]);
  });

  it('a 409 detail code (4092xx) in the description is a conflict too', () => {
    const row = { ...dpsRow(10, '409'), code: '400', detailCode: '409201' };
    expect(detectDpsConflict(context({ dpsEvents: timeline(row) }))[0]?.id).toBe('dps.409.conflict');
  });

  it('a 401 followed by a real success row (ResultType Success, empty status) is the TPM challenge', () => {
    const dpsEvents = timeline(dpsRow('09:27:00', '401'), dpsRow('09:27:02', ''));
    expect(ids(detectDpsUnauthorized(context({ dpsEvents })))).toEqual(['dps.401.tpm-challenge']);
  });
});

describe('dps.assigned-not-connected on real success rows (no assigned hub in the record)', () => {
  it('fires on a successful registration with no later successful connect in any hub', () => {
    const dpsEvents = timeline(dpsRow(600, ''));
    const [finding] = detectAssignedNotConnected(context({ dpsEvents, events: timeline(connect(100)) }));
    expect(finding).toMatchObject({ id: 'dps.assigned-not-connected', params: { dps: 'DPS-A' } });
    expect(finding?.params.assignedHub).toBeUndefined();
    expect(() => formatSummary('dps.assigned-not-connected', 'en', finding?.params ?? {})).not.toThrow();
  });

  it('does not fire when the device connects afterwards, in another hub too', () => {
    const dpsEvents = timeline(dpsRow(600, ''));
    const elsewhere = hubEvent(602, 'deviceConnect', '', '', { hub: 'HUB-B' });
    expect(detectAssignedNotConnected(context({ dpsEvents, events: timeline(elsewhere) }))).toEqual([]);
  });
});

describe('iothub.offline.no-reconnect', () => {
  const end = new Date(window.end.getTime());
  const now = new Date(end.getTime() + 30 * MINUTE);
  const minutesBeforeEnd = (m: number): number => (end.getTime() - window.start.getTime()) / MINUTE - m;

  it('says since when, with the last disconnect as evidence beside its own finding', () => {
    const lost = minutesBeforeEnd(60);
    const events = timeline(connect(0), disconnect(lost, '404104'));
    const [finding] = detectStillOffline(context({ events, now }));
    expect(finding).toMatchObject({
      id: 'iothub.offline.no-reconnect',
      params: { since: `${at(lost).slice(0, 16).replace('T', ' ')} UTC` },
      facts: { codes: ['404104'] },
    });
    expect(finding?.evidence.map((e) => e.code)).toEqual(['404104']);
    expect(diagnoseTimeline({ events, now })).toEqual([
      'iothub.offline.no-reconnect',
      'iothub.404104.closed-remotely',
    ]);
  });

  it('counts failed connect attempts after the disconnect as still offline', () => {
    const lost = minutesBeforeEnd(120);
    const events = timeline(
      connect(0),
      disconnect(lost),
      connect(lost + 10, '403012'),
      connect(lost + 20, '403012'),
    );
    expect(ids(detectStillOffline(context({ events, now })))).toEqual(['iothub.offline.no-reconnect']);
  });

  it('is quiet when the device reconnected, or when the disconnect is in the last minutes', () => {
    const lost = minutesBeforeEnd(60);
    expect(
      detectStillOffline(context({ events: timeline(disconnect(lost, '404104'), connect(lost + 1)), now })),
    ).toEqual([]);
    expect(
      detectStillOffline(context({ events: timeline(connect(0), disconnect(minutesBeforeEnd(2))), now })),
    ).toEqual([]);
    expect(detectStillOffline(context({ events: timeline(connect(0)), now }))).toEqual([]);
  });
});
