import { detectClosedRemotely } from '../../../src/diagnosis/detectors/closed-remotely';
import { detectFlapping } from '../../../src/diagnosis/detectors/flapping';
import {
  detectDeviceDisabled,
  detectDeviceNotFound,
  detectDuplicateConnection,
  detectLinkConflict,
  detectQuotaExceeded,
  detectThrottled,
  detectTransientErrors,
} from '../../../src/diagnosis/detectors/hub-error-codes';
import { detectPeriodicDisconnect } from '../../../src/diagnosis/detectors/periodic-disconnect';
import { detectTokenRenewal } from '../../../src/diagnosis/detectors/token-renewal';
import {
  detectUnauthorizedByMessage,
  unauthorizedFindingFor,
} from '../../../src/diagnosis/detectors/unauthorized-messages';
import { detectUnexplainedUnauthorized } from '../../../src/diagnosis/detectors/unauthorized-unexplained';
import type { Detector } from '../../../src/diagnosis/detectors/context';
import { connect, context, disconnect, renewal, timeline } from '../events';

const ids = (findings: { id: string }[]): string[] => findings.map((f) => f.id);

describe('token renewal', () => {
  it('finds 401003 → 404104 → connect recurring every 60 min, with the SDK family', () => {
    const events = timeline(connect(0), ...renewal(60), ...renewal(120), ...renewal(180));
    const [finding] = detectTokenRenewal(context({ events, sdkFamily: 'python' }));
    expect(finding?.id).toBe('iothub.401003.token-renewal');
    expect(finding?.severity).toBe('info');
    expect(finding?.params).toMatchObject({ count: 3, interval: '60 min' });
    expect(finding?.facts.sdkFamily).toBe('python');
    expect(finding?.evidence).toHaveLength(9);
    expect(finding?.confidence).toBeGreaterThan(0.9);
  });

  it('uses the connection age as the interval when there is one renewal', () => {
    const events = timeline(connect(0), ...renewal(61));
    expect(detectTokenRenewal(context({ events }))[0]?.params.interval).toBe('61 min');
  });

  it('is not a renewal without the reconnect', () => {
    expect(
      detectTokenRenewal(
        context({ events: timeline(disconnect('01:00:00', '401003'), disconnect('01:00:01', '404104')) }),
      ),
    ).toEqual([]);
  });

  it('is not a renewal when the 404104 comes minutes after the 401003', () => {
    const events = timeline(
      disconnect('01:00:00', '401003'),
      disconnect('01:05:00', '404104'),
      connect('01:05:05'),
    );
    expect(detectTokenRenewal(context({ events }))).toEqual([]);
  });
});

describe('401003 by message', () => {
  it.each([
    ['Authorization header missing', 'iothub.401003.auth-header-missing'],
    ["IotHub 'h' does not contain the specified device 'd'", 'iothub.401003.device-not-in-hub'],
    [
      "Authorization rule 'registryRead' does not allow access for 'DeviceConnect'",
      'iothub.401003.rule-denied',
    ],
    [
      'Authentication failed for this device, renew token or certificate and reconnect',
      'iothub.401003.credentials-expired',
    ],
    ['Thumbprint does not match configuration: Thumbprint: SHA1Hash=AB', 'iothub.401003.thumbprint-mismatch'],
    [
      'Principal ops@contoso.com is not authorized for DeviceConnect on /devices/x due to no assigned permissions',
      'iothub.401003.principal-not-authorized',
    ],
  ])('%s → %s', (message, id) => {
    expect(unauthorizedFindingFor(message)).toBe(id);
    const findings = detectUnauthorizedByMessage(
      context({ events: timeline(connect(1, '401003', message), connect(5, '401003', message)) }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id, severity: 'error', params: { count: 2, hub: 'HUB-A' } });
  });

  it('ignores 401003 without a known message, and other codes with such a message', () => {
    expect(
      detectUnauthorizedByMessage(context({ events: timeline(connect(1, '401003', 'https://aka.ms/x')) })),
    ).toEqual([]);
    expect(
      detectUnauthorizedByMessage(
        context({ events: timeline(connect(1, '404104', 'Authorization header missing')) }),
      ),
    ).toEqual([]);
  });
});

describe('unexplained 401003', () => {
  it('reports bare 401003s that no renewal explains', () => {
    const events = timeline(connect(10, '401003'), connect(17, '401003'), connect(24));
    expect(detectUnexplainedUnauthorized(context({ events }))[0]).toMatchObject({
      id: 'iothub.401003.unexplained',
      params: { count: 2 },
    });
  });

  it('does not report the 401003s of a token renewal', () => {
    const events = timeline(connect(0), ...renewal(60), ...renewal(120));
    const renewals = detectTokenRenewal(context({ events }));
    expect(detectUnexplainedUnauthorized(context({ events }, renewals))).toEqual([]);
  });
});

describe('404104 periodic and isolated', () => {
  const periodic = timeline(
    connect(0),
    ...[65, 130, 195, 260, 325].flatMap((m) => [disconnect(m, '404104'), connect(m + 0.1)]),
  );

  it('finds a steady ~65 min period without 401003', () => {
    const [finding] = detectPeriodicDisconnect(context({ events: periodic }));
    expect(finding).toMatchObject({ id: 'iothub.404104.periodic', params: { count: 5, interval: '65 min' } });
  });

  it('is not periodic when irregular, too few, or when a 401003 precedes each drop', () => {
    const irregular = timeline(...[10, 30, 200, 215, 600].map((m) => disconnect(m, '404104')));
    expect(detectPeriodicDisconnect(context({ events: irregular }))).toEqual([]);
    expect(
      detectPeriodicDisconnect(
        context({ events: timeline(disconnect(65, '404104'), disconnect(130, '404104')) }),
      ),
    ).toEqual([]);
    const renewals = timeline(connect(0), ...[60, 120, 180, 240, 300].flatMap((m) => renewal(m)));
    expect(detectPeriodicDisconnect(context({ events: renewals }))).toEqual([]);
  });

  it('reports isolated 404104s as closed-remotely, but not those another finding explains', () => {
    const events = timeline(
      connect(0),
      disconnect(300, '404104'),
      connect(304),
      disconnect(900, '404104'),
      connect(905),
    );
    expect(detectClosedRemotely(context({ events }))[0]).toMatchObject({
      id: 'iothub.404104.closed-remotely',
      params: { count: 2 },
    });
    const periodicFindings = detectPeriodicDisconnect(context({ events: periodic }));
    expect(detectClosedRemotely(context({ events: periodic }, periodicFindings))).toEqual([]);
    expect(detectClosedRemotely(context({ events: timeline(connect(0), ...renewal(60)) }))).toEqual([]);
  });
});

describe('flapping', () => {
  const cycles = (from: number, count: number, gapMinutes: number, code = '404104') =>
    Array.from({ length: count }, (_, i) => [
      connect(from + i * gapMinutes),
      disconnect(from + i * gapMinutes + gapMinutes * 0.8, code),
    ]).flat();

  it('finds many cycles within an hour', () => {
    const [finding] = detectFlapping(context({ events: timeline(...cycles(100, 10, 4)) }));
    expect(finding).toMatchObject({
      id: 'iothub.flapping',
      params: { count: 10 },
      facts: { codes: ['404104'] },
    });
  });

  it('does not flag a few reconnects spread over the day', () => {
    expect(detectFlapping(context({ events: timeline(...cycles(0, 6, 180)) }))).toEqual([]);
  });

  it('does not count cycles a duplicate identity explains', () => {
    const events = timeline(...cycles(100, 10, 4, '400027'));
    const duplicates = detectDuplicateConnection(context({ events }));
    expect(duplicates[0]?.id).toBe('iothub.400027.duplicate-connection');
    expect(detectFlapping(context({ events }, duplicates))).toEqual([]);
  });
});

describe('errors named by their code', () => {
  it.each<[string, Detector, string, string]>([
    ['400027', detectDuplicateConnection, 'iothub.400027.duplicate-connection', '404104'],
    ['403002', detectQuotaExceeded, 'iothub.403002.quota-exceeded', '403012'],
    ['403012', detectDeviceDisabled, 'iothub.403012.device-disabled', '403002'],
    ['404001', detectDeviceNotFound, 'iothub.404001.device-not-found', '404104'],
    ['409002', detectLinkConflict, 'iothub.409002.link-conflict', '400027'],
    ['429003', detectThrottled, 'iothub.429001.throttled', '409002'],
    ['503003', detectTransientErrors, 'iothub.500.transient', '404104'],
    ['504101', detectTransientErrors, 'iothub.500.transient', '401003'],
  ])('%s → detector finds it; other codes do not trigger it', (code, detect, id, otherCode) => {
    const [finding] = detect(context({ events: timeline(connect(5, code), connect(9)) }));
    expect(finding).toMatchObject({ id, params: { count: 1, hub: 'HUB-A' } });
    expect(finding?.evidence.map((e) => e.code)).toEqual([code]);
    expect(ids(detect(context({ events: timeline(connect(5, otherCode), connect(9)) })))).toEqual([]);
  });

  it('recognizes a disabled device by its message too', () => {
    const events = timeline(connect(5, '401003', "Device 'x' is disabled. Enable the device identity"));
    expect(ids(detectDeviceDisabled(context({ events })))).toEqual(['iothub.403012.device-disabled']);
  });
});
