/**
 * Devices that reproduce every non-data finding of findings.md with the right codes, messages,
 * ordering and timing. Times are placed relative to the end of the simulated window so that
 * "what happened in the last 24 hours" finds them: the periodic patterns span the whole window,
 * everything else happens within the last 24 hours.
 */
import {
  connect,
  disconnect,
  hubOperationError,
  makeProfile,
  register,
  telemetryError,
  type DeviceProfile,
} from './device-profile';
import { SIMULATED_HUB } from './fleet-resources';
import { HUB_ERRORS } from './hub-errors';
import { deriveSeed, Prng } from './prng';
import { dpsEvent, type SimEvent } from './records';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface DemoScenario {
  /** A device to ask the bot about. */
  readonly deviceId: string;
  /** The finding id (findings.md) the device's records show. */
  readonly findingId: string;
  readonly summary: string;
  /**
   * IoT Hub categories besides Connections that hold the scenario's evidence (C2DCommands,
   * DirectMethods, FileUploadOperations): a device diagnosis shows the finding once its query
   * reads them.
   */
  readonly categories?: readonly string[];
}

interface ScenarioWindow {
  readonly startInMs: number;
  readonly endInMs: number;
}

interface Scenario extends DemoScenario {
  build(rng: Prng, window: ScenarioWindow): SimEvent[];
}

const DPS_TEXT = {
  badRequest: 'Bad request: the registration payload could not be parsed or failed validation',
  unauthorized:
    'Unauthorized: the authorization token cannot be validated; it is expired or does not apply to the request URI',
  tpmChallenge: 'Unauthorized: TPM attestation requires the device to answer the nonce challenge',
  enrollmentNotFound: (id: string) =>
    `404201 EnrollmentNotFound: no enrollment matches registration id '${id}'`,
  etagMismatch:
    "412001 PreconditionFailed: the request's ETag does not match the ETag of the existing enrollment (RFC 7232)",
  throttled:
    '429001 ThrottlingException: operations are being throttled by the service; retry after the Retry-After interval',
  internal: 'InternalServerError: an internal error occurred',
  forbidden: 'Forbidden: the enrollment for this registration id is disabled',
  methodNotAllowed: 'MethodNotAllowed: the request method is not supported for this resource',
  conflict: (id: string) => `409201 Conflict: an enrollment with id '${id}' already exists`,
  unsupportedMediaType:
    "UnsupportedMediaType: the request content type 'text/plain' is not supported; use application/json",
} as const;

/** A DPS ServiceOperations record on an enrollment (the back end's enrollment management). */
function enrollmentOperation(
  rng: Prng,
  id: string,
  timeInMs: number,
  operationName: string,
  status: number,
  description?: string,
): SimEvent {
  return dpsEvent({
    timeInMs,
    category: 'ServiceOperations',
    operationName,
    status,
    ...(description !== undefined && status >= 400 ? { description } : {}),
    id,
    type: 'IndividualEnrollment',
    protocol: 'Http',
    callerIpAddress: '20.41.66.XXX',
    correlationId: rng.guid(),
    durationMs: rng.int(20, 120),
  });
}

/** A device that renews its SAS token the MQTT way: 401003, then 404104 ~1 s later, then a new connect. */
function tokenRenewal(
  deviceId: string,
  sdk: 'dotnet' | 'python' | 'node',
  lifetimeInMs: number,
  sdkName: string,
): Scenario {
  return {
    deviceId,
    findingId: 'iothub.401003.token-renewal',
    summary: `${sdkName} SDK over MQTT: every ~${Math.round(lifetimeInMs / MINUTE)} min a 401003, a 404104 a second later, then a reconnect (SAS token renewal; expected, info)`,
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, deviceId, sdk, { protocol: 'Mqtt' });
      let connectedAt = startInMs + rng.int(2, 9) * MINUTE;
      const events = [connect(device, connectedAt)];
      for (;;) {
        const expiry = connectedAt + lifetimeInMs + rng.int(0, 20) * SECOND;
        if (expiry >= endInMs) break;
        const closed = expiry + rng.int(700, 1500);
        connectedAt = closed + rng.int(3, 8) * SECOND;
        events.push(
          disconnect(device, expiry, HUB_ERRORS.unauthorizedTokenExpired),
          disconnect(device, closed, HUB_ERRORS.closedRemotely),
          connect(device, connectedAt),
        );
      }
      return events;
    },
  };
}

/** Repeated failing connects of one device, starting `hoursBeforeEnd` before the end. */
function failingConnects(
  device: DeviceProfile,
  firstInMs: number,
  attempts: number,
  gapInMs: (attempt: number) => number,
  error: Parameters<typeof connect>[2],
): SimEvent[] {
  const events: SimEvent[] = [];
  let time = firstInMs;
  for (let attempt = 0; attempt < attempts; attempt++) {
    events.push(connect(device, time, error));
    time += gapInMs(attempt);
  }
  return events;
}

const SCENARIOS: readonly Scenario[] = [
  tokenRenewal('thermostat-0042', 'dotnet', 60 * MINUTE, '.NET'),
  tokenRenewal('meter-gangnam-118', 'python', 60 * MINUTE, 'Python'),
  tokenRenewal('thermostat-0117', 'node', 60 * MINUTE, 'Node.js'),
  {
    deviceId: 'kiosk-gangnam-03',
    findingId: 'iothub.401003.auth-header-missing',
    summary: '401003 "Authorization header missing" on every connect attempt since about 10 hours ago',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'kiosk-gangnam-03', 'c', { protocol: 'Mqtt' });
      return failingConnects(
        device,
        endInMs - 10 * HOUR + 4 * MINUTE,
        8,
        (n) => 2 ** n * 15 * SECOND,
        HUB_ERRORS.authHeaderMissing,
      );
    },
  },
  {
    deviceId: 'pump-ulsan-12',
    findingId: 'iothub.401003.device-not-in-hub',
    summary: '401003: the hub does not contain the device (it was registered in another hub)',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'pump-ulsan-12', 'java');
      return failingConnects(
        device,
        endInMs - 3 * HOUR - 30 * MINUTE,
        6,
        () => 5 * MINUTE,
        HUB_ERRORS.deviceNotInHub(SIMULATED_HUB.name.toLowerCase(), 'pump-ulsan-12'),
      );
    },
  },
  {
    deviceId: 'edge-gw-incheon-01',
    findingId: 'iothub.401003.rule-denied',
    summary: "401003: authorization rule 'registryRead' does not allow DeviceConnect",
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'edge-gw-incheon-01', 'dotnet', { protocol: 'Amqp' });
      return failingConnects(
        device,
        endInMs - 14 * HOUR + 11 * MINUTE,
        5,
        () => 2 * MINUTE,
        HUB_ERRORS.ruleDenied('registryRead', 'DeviceConnect'),
      );
    },
  },
  {
    deviceId: 'camera-lobby-02',
    findingId: 'iothub.401003.credentials-expired',
    summary:
      '401003 "renew token or certificate": its X.509 certificate expired about 6.5 hours ago; retries every 10 min since',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'camera-lobby-02', 'c', { protocol: 'Mqtt', x509: true });
      const expiredAt = endInMs - 6 * HOUR - 30 * MINUTE;
      return [
        connect(device, expiredAt - 9 * HOUR),
        disconnect(device, expiredAt, HUB_ERRORS.credentialsExpired),
        ...failingConnects(
          device,
          expiredAt + 10 * MINUTE,
          38,
          () => 10 * MINUTE,
          HUB_ERRORS.credentialsExpired,
        ),
      ];
    },
  },
  {
    deviceId: 'door-sensor-b12',
    findingId: 'iothub.401003.thumbprint-mismatch',
    summary:
      '401003: the X.509 thumbprint does not match the one registered (certificate replaced on the device only)',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'door-sensor-b12', 'java', { protocol: 'Mqtt', x509: true });
      const error = HUB_ERRORS.thumbprintMismatch(
        '9F3C1A7E44D2B08E6A1F2C3D4B5A69788796A5B4',
        'B84E0F1D2C3A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        '1D2E3F405162738495A6B7C8D9E0F1A2B3C4D5E6',
        '',
      );
      return failingConnects(device, endInMs - 16 * HOUR + 3 * MINUTE, 6, () => 5 * MINUTE, error);
    },
  },
  {
    deviceId: 'edge-gw-incheon-02',
    findingId: 'iothub.401003.principal-not-authorized',
    summary: '401003: an Entra ID principal lacks an IoT Hub data-plane role (RBAC)',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'edge-gw-incheon-02', 'dotnet', { protocol: 'AmqpWs' });
      const error = HUB_ERRORS.principalNotAuthorized(
        'ops-automation@contoso.com',
        'DeviceConnect',
        '/devices/edge-gw-incheon-02',
      );
      return failingConnects(device, endInMs - 15 * HOUR + 40 * MINUTE, 4, () => 3 * MINUTE, error);
    },
  },
  {
    deviceId: 'sensor-jeju-88',
    findingId: 'iothub.401003.unexplained',
    summary:
      '401003 with no specific message and no renewal pattern: a few rejected connects, then a success',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'sensor-jeju-88', 'node', { protocol: 'Mqtt' });
      const first = endInMs - 20 * HOUR + 26 * MINUTE;
      return [
        ...failingConnects(device, first, 3, () => 7 * MINUTE, HUB_ERRORS.unauthorizedTokenExpired),
        connect(device, first + 3 * 7 * MINUTE + 12 * SECOND),
      ];
    },
  },
  {
    deviceId: 'chiller-a17',
    findingId: 'iothub.404104.closed-remotely',
    summary: 'two isolated 404104 DeviceConnectionClosedRemotely (network loss), reconnecting minutes later',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'chiller-a17', 'java', { protocol: 'Mqtt' });
      const events = [connect(device, startInMs + 13 * MINUTE)];
      for (const before of [19 * HOUR - 2 * MINUTE, 7 * HOUR - 13 * MINUTE]) {
        const lost = endInMs - before + rng.int(0, 59) * SECOND;
        events.push(
          disconnect(device, lost, HUB_ERRORS.closedRemotely),
          connect(device, lost + rng.int(3, 6) * MINUTE),
        );
      }
      return events;
    },
  },
  {
    deviceId: 'meter-busan-311',
    findingId: 'iothub.404104.periodic',
    summary: '404104 every ~65 minutes without any 401003, across the whole window',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'meter-busan-311', 'java', { protocol: 'Mqtt' });
      let connectedAt = startInMs + 23 * MINUTE;
      const events = [connect(device, connectedAt)];
      for (;;) {
        const dropped = connectedAt + 65 * MINUTE + rng.int(-30, 30) * SECOND;
        if (dropped >= endInMs) break;
        connectedAt = dropped + rng.int(4, 12) * SECOND;
        events.push(disconnect(device, dropped, HUB_ERRORS.closedRemotely), connect(device, connectedAt));
      }
      return events;
    },
  },
  {
    deviceId: 'forklift-daegu-05',
    findingId: 'iothub.400027.duplicate-connection',
    summary:
      'two clients share one identity: each connect closes the other with 400027 (3 h ago, for an hour)',
    build(rng, { endInMs }) {
      const clientA = makeProfile(rng, 'forklift-daegu-05', 'dotnet', { protocol: 'Mqtt' });
      const clientB = makeProfile(rng, 'forklift-daegu-05', 'dotnet', { protocol: 'Mqtt' });
      let time = endInMs - 3 * HOUR - 10 * MINUTE;
      const events = [connect(clientA, time)];
      for (let step = 0; step < 20; step++) {
        time += rng.int(60, 240) * SECOND;
        const [newer, older] = step % 2 === 0 ? [clientB, clientA] : [clientA, clientB];
        events.push(
          connect(newer, time),
          disconnect(older, time + rng.int(200, 600), HUB_ERRORS.duplicateConnection),
        );
      }
      return events;
    },
  },
  {
    deviceId: 'logger-pohang-21',
    findingId: 'iothub.403002.quota-exceeded',
    summary: "403002 IotHubQuotaExceeded: the hub's daily message quota ran out 90 minutes ago",
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'logger-pohang-21', 'python', { protocol: 'Mqtt' });
      const exceeded = endInMs - 90 * MINUTE + 17 * SECOND;
      const quota = HUB_ERRORS.quotaExceeded(SIMULATED_HUB.name);
      return [
        connect(device, Math.max(startInMs, exceeded - 20 * HOUR)),
        disconnect(device, exceeded - 2 * SECOND, quota),
        ...failingConnects(device, exceeded + 15 * MINUTE, 5, () => 15 * MINUTE, quota),
      ];
    },
  },
  {
    deviceId: 'vending-busan-08',
    findingId: 'iothub.403012.device-disabled',
    summary: 'its identity was disabled in the hub 9 hours ago: every connect fails with 403012',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'vending-busan-08', 'node', { protocol: 'Amqp' });
      return failingConnects(
        device,
        endInMs - 9 * HOUR + 5 * MINUTE,
        7,
        () => 10 * MINUTE,
        HUB_ERRORS.deviceDisabled('vending-busan-08'),
      );
    },
  },
  {
    deviceId: 'valve-gwangju-09',
    findingId: 'iothub.404001.device-not-found',
    summary: '404001 DeviceNotFound: the device identity was deleted, the device keeps trying',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'valve-gwangju-09', 'c', { protocol: 'Amqp' });
      return failingConnects(
        device,
        endInMs - 11 * HOUR + 9 * MINUTE,
        5,
        () => 15 * MINUTE,
        HUB_ERRORS.deviceNotFound('valve-gwangju-09'),
      );
    },
  },
  {
    deviceId: 'hvac-ctrl-b2',
    findingId: 'iothub.409002.link-conflict',
    summary: '409002 LinkCreationConflict: its code opens a second AMQP link right after connecting',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'hvac-ctrl-b2', 'dotnet', { protocol: 'Amqp' });
      const first = endInMs - 6 * HOUR + 21 * MINUTE;
      const events: SimEvent[] = [];
      for (let round = 0; round < 3; round++) {
        const at = first + round * rng.int(90, 150) * SECOND;
        events.push(connect(device, at), connect(device, at + rng.int(800, 2500), HUB_ERRORS.linkConflict));
      }
      return events;
    },
  },
  {
    deviceId: 'bulk-uploader-01',
    findingId: 'iothub.429001.throttled',
    summary:
      '429001 ThrottlingException on telemetry for 10 minutes 4 hours ago, then the connection dropped',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'bulk-uploader-01', 'c', { protocol: 'Mqtt' });
      const first = endInMs - 4 * HOUR + 2 * MINUTE;
      const events = [connect(device, first - 40 * MINUTE)];
      for (let n = 0; n < 6; n++)
        events.push(telemetryError(device, first + n * 2 * MINUTE, HUB_ERRORS.throttled));
      const dropped = first + 11 * MINUTE;
      events.push(disconnect(device, dropped, HUB_ERRORS.throttled), connect(device, dropped + 90 * SECOND));
      return events;
    },
  },
  {
    deviceId: 'meter-daejeon-144',
    findingId: 'iothub.500.transient',
    summary:
      'transient service errors: 504101 GatewayTimeout 12 h ago, 500001 ServerError then 503003 PartitionNotFound 8 h ago; each followed by a reconnect',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'meter-daejeon-144', 'java', { protocol: 'Amqp' });
      const timeout = endInMs - 12 * HOUR + 48 * MINUTE;
      const server = endInMs - 8 * HOUR + 6 * MINUTE;
      return [
        connect(device, startInMs + 31 * MINUTE),
        disconnect(device, timeout, HUB_ERRORS.gatewayTimeout),
        connect(device, timeout + 20 * SECOND),
        disconnect(device, server, HUB_ERRORS.serverError),
        connect(device, server + 15 * SECOND, HUB_ERRORS.partitionNotFound),
        connect(device, server + 75 * SECOND),
      ];
    },
  },
  {
    deviceId: 'pump-station-4',
    findingId: 'iothub.flapping',
    summary: '14 connect/disconnect cycles within 50 minutes 2.5 hours ago (unstable network)',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'pump-station-4', 'python', { protocol: 'Mqtt' });
      let time = endInMs - 2 * HOUR - 30 * MINUTE;
      const events: SimEvent[] = [];
      for (let cycle = 0; cycle < 14; cycle++) {
        events.push(connect(device, time));
        time += rng.int(60, 170) * SECOND;
        events.push(disconnect(device, time, HUB_ERRORS.closedRemotely));
        time += rng.int(5, 40) * SECOND;
      }
      events.push(connect(device, time));
      return events;
    },
  },
  {
    deviceId: 'elevator-tower-b3',
    findingId: 'fleet.mass-disconnect',
    summary:
      'victim of a mass disconnect 5 hours ago: many devices of the hub dropped within the same 2 minutes',
    build(rng, window) {
      // The elevators always take part so the event is "many devices" even in a tiny fleet;
      // the healthy fleet adds more victims (see healthy-device.ts).
      const events: SimEvent[] = [];
      for (let unit = 1; unit <= 12; unit++) {
        const device = makeProfile(rng, `elevator-tower-b${unit}`, unit % 2 === 0 ? 'c' : 'dotnet');
        events.push(connect(device, window.startInMs + rng.int(1, 59) * MINUTE));
        events.push(...massDisconnectVictim(rng, device, window));
      }
      return events;
    },
  },
  {
    deviceId: 'sensor-proto-77',
    findingId: 'dps.400.bad-request',
    summary:
      'DPS registration rejected with 400 (bad payload) three times 5.5 hours ago; never reached the hub',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'sensor-proto-77', 'python', { protocol: 'Mqtt' });
      const first = endInMs - 5 * HOUR - 30 * MINUTE;
      return [0, 40 * SECOND, 3 * MINUTE].map((offset) =>
        register(rng, device, first + offset, 400, DPS_TEXT.badRequest),
      );
    },
  },
  {
    deviceId: 'gateway-ulsan-02',
    findingId: 'dps.401.unauthorized',
    summary:
      'DPS 401 on four registration attempts 7 hours ago (expired symmetric-key token); never reached the hub',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'gateway-ulsan-02', 'node', { protocol: 'Amqp' });
      const first = endInMs - 7 * HOUR + 3 * MINUTE;
      return [0, 1, 2, 3].map((n) =>
        register(rng, device, first + n * 5 * MINUTE, 401, DPS_TEXT.unauthorized),
      );
    },
  },
  {
    deviceId: 'hygrometer-b2-14',
    findingId: 'dps.404.not-found',
    summary:
      'DPS 404 EnrollmentNotFound 12 hours ago: no enrollment for its registration id; only DPS records exist',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'hygrometer-b2-14', 'c', { protocol: 'Mqtt' });
      const first = endInMs - 12 * HOUR + 14 * MINUTE;
      return [0, 1, 2].map((n) =>
        register(rng, device, first + n * 2 * MINUTE, 404, DPS_TEXT.enrollmentNotFound('hygrometer-b2-14')),
      );
    },
  },
  {
    deviceId: 'chiller-a18',
    findingId: 'dps.412.etag-mismatch',
    summary:
      'ServiceOperations Upsert of its enrollment failed with 412 (stale ETag), then Get and a successful Upsert',
    build(rng, { endInMs }) {
      const at = endInMs - 4 * HOUR - 20 * MINUTE;
      const service = (time: number, operationName: string, status: number): SimEvent =>
        enrollmentOperation(rng, 'chiller-a18', time, operationName, status, DPS_TEXT.etagMismatch);
      return [
        service(at, 'Upsert', 412),
        service(at + 4 * SECOND, 'Get', 200),
        service(at + 6 * SECOND, 'Upsert', 200),
      ];
    },
  },
  {
    deviceId: 'tracker-truck-2207',
    findingId: 'dps.429.throttled',
    summary:
      '30 trucks provisioned at once 2 hours ago: DPS answered 429 to many; this one was throttled twice, then assigned',
    build(rng, { endInMs }) {
      const burst = endInMs - 2 * HOUR + 5 * MINUTE;
      const events: SimEvent[] = [];
      for (let n = 0; n < 30; n++) {
        const deviceId = `tracker-truck-${2200 + n}`;
        const device = makeProfile(rng, deviceId, 'c', { protocol: 'Mqtt' });
        const throttledTimes =
          deviceId === 'tracker-truck-2207'
            ? 2
            : rng.weighted([
                { weight: 4, value: 0 },
                { weight: 4, value: 1 },
                { weight: 2, value: 2 },
              ]);
        let time = burst + rng.int(0, 60 * SECOND);
        for (let attempt = 0; attempt < throttledTimes; attempt++) {
          events.push(register(rng, device, time, 429, DPS_TEXT.throttled));
          time += 2 ** attempt * rng.int(2, 6) * SECOND;
        }
        events.push(register(rng, device, time, 200), connect(device, time + rng.int(3, 8) * SECOND));
      }
      return events;
    },
  },
  {
    deviceId: 'scale-warehouse-06',
    findingId: 'dps.500.internal',
    summary: 'DPS 500 internal error twice 13 hours ago, assigned on the third try, then connected',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'scale-warehouse-06', 'java', { protocol: 'Amqp' });
      const first = endInMs - 13 * HOUR + 2 * MINUTE;
      return [
        register(rng, device, first, 500, DPS_TEXT.internal),
        register(rng, device, first + 10 * SECOND, 500, DPS_TEXT.internal),
        register(rng, device, first + 40 * SECOND, 200),
        connect(device, first + 46 * SECOND),
      ];
    },
  },
  {
    deviceId: 'display-mall-21',
    findingId: 'dps.assigned-not-connected',
    summary: 'DPS assigned it to the hub 6 hours ago, but it never connected to the hub',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'display-mall-21', 'node', { protocol: 'Mqtt' });
      return [register(rng, device, endInMs - 6 * HOUR + 12 * MINUTE, 200)];
    },
  },
  {
    deviceId: 'node-gw-01',
    findingId: 'iothub.reconnect.token-lifetime',
    summary:
      'Node.js SDK over MQTT: an informational disconnect and a reconnect 2–4 s later every ~45 min, no error code (token renewal; expected, info)',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'node-gw-01', 'node', { protocol: 'Mqtt' });
      let connectedAt = startInMs + rng.int(1, 7) * MINUTE;
      const events = [connect(device, connectedAt)];
      for (;;) {
        const renewedAt = connectedAt + 45 * MINUTE + rng.int(0, 3) * SECOND;
        if (renewedAt >= endInMs) break;
        connectedAt = renewedAt + rng.int(2000, 4000);
        events.push(disconnect(device, renewedAt), connect(device, connectedAt));
      }
      return events;
    },
  },
  {
    deviceId: 'meter-suwon-77',
    findingId: 'iothub.400029.service-upgrade',
    summary:
      'service upgrade blip 7 hours ago: closed with 400029, one reconnect refused with 400030, connected again 40 s later (info)',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'meter-suwon-77', 'dotnet', { protocol: 'Amqp' });
      const closed = endInMs - 7 * HOUR + 12 * MINUTE + rng.int(0, 59) * SECOND;
      return [
        connect(device, startInMs + 41 * MINUTE),
        disconnect(device, closed, HUB_ERRORS.serviceUpgradeClosed),
        connect(device, closed + 2 * SECOND, HUB_ERRORS.serviceUpgradeRejected),
        connect(device, closed + 40 * SECOND),
      ];
    },
  },
  {
    deviceId: 'freezer-mapo-03',
    findingId: 'iothub.offline.no-reconnect',
    summary: 'lost its connection with 404104 an hour before the end of the window and never came back',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'freezer-mapo-03', 'c', { protocol: 'Mqtt' });
      return [
        connect(device, startInMs + 17 * MINUTE),
        disconnect(device, endInMs - HOUR - 2 * MINUTE, HUB_ERRORS.closedRemotely),
      ];
    },
  },
  {
    deviceId: 'signage-hongdae-07',
    findingId: 'iothub.403004.c2d-queue-full',
    categories: ['C2DCommands'],
    summary:
      'digital signage polling over HTTPS: cloud-to-device sends refused with 403004 (queue full) eight times in the last 5 hours',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'signage-hongdae-07', 'c', { protocol: 'Https' });
      const first = endInMs - 5 * HOUR + 8 * MINUTE;
      return Array.from({ length: 8 }, (_, n) =>
        hubOperationError(
          device,
          first + n * 35 * MINUTE + rng.int(0, 59) * SECOND,
          'C2DCommands',
          'send',
          HUB_ERRORS.c2dQueueFull('signage-hongdae-07'),
        ),
      );
    },
  },
  {
    deviceId: 'display-gangnam-02',
    findingId: 'iothub.412002.c2d-lock-lost',
    categories: ['C2DCommands'],
    summary:
      'completes cloud-to-device messages after the one-minute lock: 412002 on four completions 3 hours ago',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'display-gangnam-02', 'java', { protocol: 'Amqp' });
      const first = endInMs - 3 * HOUR + 4 * MINUTE;
      return [
        connect(device, startInMs + 9 * MINUTE),
        ...[0, 1, 2, 3].map((n) =>
          hubOperationError(
            device,
            first + n * 6 * MINUTE,
            'C2DCommands',
            'complete',
            HUB_ERRORS.c2dLockLost,
          ),
        ),
      ];
    },
  },
  {
    deviceId: 'locker-seongsu-14',
    findingId: 'iothub.404103.device-not-online',
    categories: ['DirectMethods'],
    summary:
      'connected, but its app registers no direct-method callback: every "unlock" call fails with 404103 (5 calls, 2 hours ago)',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'locker-seongsu-14', 'node', { protocol: 'Amqp' });
      const first = endInMs - 2 * HOUR + 15 * MINUTE;
      return [
        connect(device, startInMs + 5 * MINUTE),
        ...[0, 1, 2, 3, 4].map((n) =>
          hubOperationError(
            device,
            first + n * 90 * SECOND,
            'DirectMethods',
            'send',
            HUB_ERRORS.deviceNotOnline('locker-seongsu-14'),
          ),
        ),
      ];
    },
  },
  {
    deviceId: 'dashcam-bus-7016',
    findingId: 'iothub.403006.file-upload-limit',
    categories: ['FileUploadOperations'],
    summary:
      'uploads clips but never notifies completion over its flaky LTE link: 403006 on six uploads in the last 4 hours',
    build(rng, { startInMs, endInMs }) {
      const device = makeProfile(rng, 'dashcam-bus-7016', 'python', { protocol: 'Mqtt' });
      const first = endInMs - 4 * HOUR + 20 * MINUTE;
      return [
        connect(device, startInMs + 33 * MINUTE),
        ...[0, 1, 2, 3, 4, 5].map((n) =>
          hubOperationError(
            device,
            first + n * 30 * MINUTE + rng.int(0, 59) * SECOND,
            'FileUploadOperations',
            'ingress',
            HUB_ERRORS.fileUploadLimit,
          ),
        ),
      ];
    },
  },
  {
    deviceId: 'edge-gw-pangyo-01',
    findingId: 'iothub.403005.cbs-token-limit',
    summary:
      'an AMQP gateway multiplexing too many devices: connects refused with 403005 (CBS token limit) for 30 minutes 8 hours ago',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'edge-gw-pangyo-01', 'dotnet', { protocol: 'Amqp' });
      return failingConnects(
        device,
        endInMs - 8 * HOUR + 3 * MINUTE,
        6,
        () => 5 * MINUTE,
        HUB_ERRORS.cbsTokenLimit,
      );
    },
  },
  {
    deviceId: 'meter-incheon-552',
    findingId: 'dps.403.forbidden',
    summary: 'DPS 403 on three registration attempts 10 hours ago: its enrollment is disabled',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'meter-incheon-552', 'c', { protocol: 'Mqtt' });
      const first = endInMs - 10 * HOUR + 6 * MINUTE;
      return [0, 1, 2].map((n) => register(rng, device, first + n * 4 * MINUTE, 403, DPS_TEXT.forbidden));
    },
  },
  {
    deviceId: 'thermo-lab-031',
    findingId: 'dps.405.method-not-allowed',
    summary: 'a hand-written enrollment script sends a method DPS does not allow (405) twice, 6 hours ago',
    build(rng, { endInMs }) {
      const at = endInMs - 6 * HOUR + 44 * MINUTE;
      return [
        enrollmentOperation(rng, 'thermo-lab-031', at, 'Delete', 405, DPS_TEXT.methodNotAllowed),
        enrollmentOperation(
          rng,
          'thermo-lab-031',
          at + 30 * SECOND,
          'Delete',
          405,
          DPS_TEXT.methodNotAllowed,
        ),
      ];
    },
  },
  {
    deviceId: 'pump-daegu-207',
    findingId: 'dps.409.conflict',
    summary:
      'an onboarding job creates its enrollment again: 409 Conflict (409201) three times 9 hours ago; the enrollment already exists',
    build(rng, { endInMs }) {
      const at = endInMs - 9 * HOUR + 27 * MINUTE;
      return [0, 1, 2].map((n) =>
        enrollmentOperation(
          rng,
          'pump-daegu-207',
          at + n * MINUTE,
          'Create',
          409,
          DPS_TEXT.conflict('pump-daegu-207'),
        ),
      );
    },
  },
  {
    deviceId: 'datalogger-custom-11',
    findingId: 'dps.415.unsupported-media-type',
    summary: 'a custom HTTP client registers with Content-Type text/plain: DPS 415 four times 11 hours ago',
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'datalogger-custom-11', 'c', { protocol: 'Https' });
      const first = endInMs - 11 * HOUR + 2 * MINUTE;
      return [0, 1, 2, 3].map((n) =>
        register(rng, device, first + n * 2 * MINUTE, 415, DPS_TEXT.unsupportedMediaType),
      );
    },
  },
];

/**
 * Devices whose records look alarming but are normal; the bot must NOT report a problem for them.
 */
const TPM_KIOSK: DemoScenario = {
  deviceId: 'tpm-kiosk-015',
  findingId: 'dps.401.unauthorized',
  summary:
    'TPM attestation: a DPS 401 followed by success within 2 seconds is the normal TPM flow, not a problem',
};

/**
 * Devices whose records look alarming but are normal; the bot must NOT report a problem for them.
 */
export const DEMO_NORMAL_DEVICES: readonly DemoScenario[] = [TPM_KIOSK];

const NORMAL_SCENARIOS: readonly Scenario[] = [
  {
    ...TPM_KIOSK,
    build(rng, { endInMs }) {
      const device = makeProfile(rng, 'tpm-kiosk-015', 'c', { protocol: 'Amqp' });
      const at = endInMs - 9 * HOUR + 27 * MINUTE;
      return [
        register(rng, device, at, 401, DPS_TEXT.tpmChallenge),
        register(rng, device, at + 1800, 200),
        connect(device, at + 7 * SECOND),
      ];
    },
  },
];

/** Devices worth asking the bot about and the finding each one shows (the README lists them). */
export const DEMO_SCENARIOS: readonly DemoScenario[] = SCENARIOS.map(
  ({ deviceId, findingId, summary, categories }) => ({
    deviceId,
    findingId,
    summary,
    ...(categories ? { categories } : {}),
  }),
);

/** Every device id the scenarios use (so the healthy fleet never reuses one). */
export function scenarioDeviceIds(): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const scenario of [...SCENARIOS, ...NORMAL_SCENARIOS]) ids.add(scenario.deviceId);
  for (let unit = 1; unit <= 12; unit++) ids.add(`elevator-tower-b${unit}`);
  for (let n = 0; n < 30; n++) ids.add(`tracker-truck-${2200 + n}`);
  return ids;
}

/** When the mass disconnect starts: 5 hours before the end, so it is inside "the last 24 hours". */
export function massDisconnectStart(endInMs: number): number {
  return endInMs - 5 * HOUR + 17 * MINUTE;
}

/** One victim's share of the mass disconnect: a 404104 (sometimes 500001) inside the 2-minute window, then a reconnect. */
export function massDisconnectVictim(
  rng: Prng,
  device: DeviceProfile,
  { endInMs }: ScenarioWindow,
): SimEvent[] {
  const dropped = massDisconnectStart(endInMs) + rng.int(0, 119_000);
  const error = rng.chance(0.85) ? HUB_ERRORS.closedRemotely : HUB_ERRORS.serverError;
  return [disconnect(device, dropped, error), connect(device, dropped + rng.int(20, 360) * SECOND)];
}

/** All scenario records within the window, each scenario seeded on its own so adding one shifts no other. */
export function scenarioEvents(seed: number, window: ScenarioWindow): SimEvent[] {
  const events: SimEvent[] = [];
  for (const scenario of [...SCENARIOS, ...NORMAL_SCENARIOS]) {
    const rng = new Prng(deriveSeed(seed, 'scenario', scenario.deviceId));
    for (const event of scenario.build(rng, window)) {
      if (event.timeInMs >= window.startInMs && event.timeInMs < window.endInMs) events.push(event);
    }
  }
  return events;
}
