/**
 * Golden inputs for the findings of findings.md's second wave, in both languages: simulated devices
 * where the device query already sees the records, and timelines in the real shape run through the
 * real detector layers where the evidence lives in categories the device query does not read yet
 * (C2DCommands, DirectMethods, FileUploadOperations) or is hub-wide (suspended, failing over).
 */
import { diagnosisCard, type CardRequest } from '../../src/cards';
import type { DeviceEvent, Diagnosis } from '../../src/diagnosis';
import type { HubContext } from '../../src/diagnosis/detectors/context';
import { rankFindings } from '../../src/diagnosis/rank';
import { runDetectors } from '../../src/diagnosis/run-detectors';
import type { CardCase } from './fixtures';

const HUB = 'CONTOSO-FLEET-HUB';
const MINUTE = 60_000;

/** One IoT Hub record of the device, `minutesBeforeEnd` before the fixtures' END. */
function hubRecord(
  end: Date,
  minutesBeforeEnd: number,
  category: string,
  operation: string,
  code = '',
  name = '',
  message = '',
): Omit<DeviceEvent, 'seq'> {
  return {
    time: new Date(end.getTime() - minutesBeforeEnd * MINUTE).toISOString(),
    source: 'iothub',
    category,
    operation,
    code,
    detailCode: code,
    name,
    level: code === '' ? 'Information' : 'Error',
    message,
    protocol: 'Amqp',
    sdk: operation === 'deviceConnect' ? '.NET/1.42.3 (.NET 8.0.6; Ubuntu 22.04.4 LTS; X64)' : '',
    sdkFamily: operation === 'deviceConnect' ? 'dotnet' : 'unknown',
    authType: 'sas',
    maskedIp: '211.36.141.XXX',
    hub: HUB,
    moduleId: '',
  };
}

/** A diagnosis from the real detector layers and ranking over a hand-built timeline. */
export function detectedDiagnosis(
  deviceId: string,
  records: readonly Omit<DeviceEvent, 'seq'>[],
  window: { start: Date; end: Date },
  now: Date,
  hubContext?: HubContext,
): Diagnosis {
  const events: DeviceEvent[] = [...records]
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time))
    .map((record, seq) => ({ ...record, seq }));
  const findings = rankFindings(
    runDetectors({
      deviceId,
      hub: HUB,
      events,
      dpsEvents: [],
      connectionStateEvents: [],
      hubContext,
      window,
      now,
      sdkFamily: 'dotnet',
      data: {
        presence: { connectionRecords: 5000, dpsRecords: 200 },
        partialError: undefined,
        suggestedIds: [],
        lateArrivals: false,
      },
    }),
  );
  const lastConnect = events.filter((e) => e.operation === 'deviceConnect' && e.code === '').at(-1);
  return {
    request: { deviceId, window: { start: window.start.toISOString(), end: window.end.toISOString() } },
    hub: HUB,
    findings,
    timeline: { events, total: events.length, order: 'chronological' },
    queries: [],
    dataStatus: { partial: false, truncated: [], recentWindow: false, noData: false, backend: 'local' },
    verdict: {
      kind: findings.some((f) => f.severity !== 'info' && f.evidence.length > 0) ? 'problem' : 'healthy',
      ...(lastConnect ? { lastConnect: lastConnect.time } : {}),
    },
  };
}

interface Inputs {
  readonly end: Date;
  readonly now: Date;
  readonly window: { start: Date; end: Date };
  readonly diagnoseSimulated: (deviceId: string) => Promise<Diagnosis>;
}

/** The second-wave golden cases, given the fixtures' clock and simulator. */
export function secondWaveCases({ end, now, window, diagnoseSimulated }: Inputs): CardCase[] {
  const simulated = (name: string, deviceId: string): CardCase => ({
    name,
    build: async (ctx): Promise<CardRequest> => diagnosisCard(await diagnoseSimulated(deviceId), ctx),
  });
  const built = (name: string, diagnosis: () => Diagnosis): CardCase => ({
    name,
    build: async (ctx): Promise<CardRequest> => diagnosisCard(diagnosis(), ctx),
  });
  const at = (minutes: number, category: string, operation: string, code = '', codeName = '', message = '') =>
    hubRecord(end, minutes, category, operation, code, codeName, message);
  const connectedAllDay = at(23 * 60, 'Connections', 'deviceConnect');
  const bin = (minutesBeforeEnd: number, devices: number): HubContext => ({
    hub: HUB,
    bins: [
      {
        startInMs: Math.floor((end.getTime() - minutesBeforeEnd * MINUTE) / (5 * MINUTE)) * 5 * MINUTE,
        devices,
      },
    ],
    binsInWindow: 288,
  });
  return [
    simulated('diagnosis-token-lifetime', 'node-gw-01'),
    simulated('diagnosis-service-upgrade', 'meter-suwon-77'),
    simulated('diagnosis-offline', 'freezer-mapo-03'),
    simulated('diagnosis-cbs-token-limit', 'edge-gw-pangyo-01'),
    simulated('diagnosis-dps-forbidden', 'meter-incheon-552'),
    simulated('diagnosis-dps-method-not-allowed', 'thermo-lab-031'),
    simulated('diagnosis-dps-conflict', 'pump-daegu-207'),
    simulated('diagnosis-dps-unsupported-media-type', 'datalogger-custom-11'),
    built('diagnosis-c2d-queue-full', () =>
      detectedDiagnosis(
        'signage-hongdae-07',
        [120, 85, 50, 15].map((m) =>
          at(m, 'C2DCommands', 'send', '403004', 'DeviceMaximumQueueDepthExceeded'),
        ),
        window,
        now,
      ),
    ),
    built('diagnosis-c2d-lock-lost', () =>
      detectedDiagnosis(
        'display-gangnam-02',
        [
          connectedAllDay,
          ...[176, 170, 164].map((m) => at(m, 'C2DCommands', 'complete', '412002', 'DeviceMessageLockLost')),
        ],
        window,
        now,
      ),
    ),
    built('diagnosis-device-not-online', () =>
      detectedDiagnosis(
        'locker-seongsu-14',
        [
          connectedAllDay,
          ...[105, 103.5, 102].map((m) => at(m, 'DirectMethods', 'send', '404103', 'DeviceNotOnline')),
        ],
        window,
        now,
      ),
    ),
    built('diagnosis-file-upload-limit', () =>
      detectedDiagnosis(
        'dashcam-bus-7016',
        [
          connectedAllDay,
          ...[220, 190, 160].map((m) =>
            at(
              m,
              'FileUploadOperations',
              'ingress',
              '403006',
              'DeviceMaximumActiveFileUploadLimitExceeded',
              'Number of active file upload requests cannot exceed 10',
            ),
          ),
        ],
        window,
        now,
      ),
    ),
    built('diagnosis-hub-suspended', () =>
      detectedDiagnosis(
        'thermostat-0042',
        [
          connectedAllDay,
          at(300, 'Connections', 'deviceDisconnect', '403001', 'IotHubSuspended'),
          at(298, 'Connections', 'deviceConnect', '403001', 'IotHubSuspended'),
          at(290, 'Connections', 'deviceConnect', '403001', 'IotHubSuspended'),
        ],
        window,
        now,
        bin(300, 240),
      ),
    ),
    built('diagnosis-hub-failing-over', () =>
      detectedDiagnosis(
        'chiller-a17',
        [
          connectedAllDay,
          at(95, 'Connections', 'deviceDisconnect', '404012', 'IotHubFailingOver'),
          at(93, 'Connections', 'deviceConnect', '404012', 'IotHubFailingOver'),
          at(80, 'Connections', 'deviceConnect'),
        ],
        window,
        now,
      ),
    ),
  ];
}
