import { detectAssignedNotConnected } from '../../../src/diagnosis/detectors/assigned-not-connected';
import {
  detectNoDeviceRecords,
  detectNoDiagnostics,
  detectPartialResults,
  detectRecentWindow,
} from '../../../src/diagnosis/detectors/data-findings';
import {
  detectDpsBadRequest,
  detectDpsEtagMismatch,
  detectDpsInternal,
  detectDpsNotFound,
  detectDpsThrottled,
} from '../../../src/diagnosis/detectors/dps-errors';
import { detectDpsUnauthorized } from '../../../src/diagnosis/detectors/dps-unauthorized';
import { detectMassDisconnect, usualDevicesPerBin } from '../../../src/diagnosis/detectors/mass-disconnect';
import { detectTokenRenewal } from '../../../src/diagnosis/detectors/token-renewal';
import type { Detector, HubContext } from '../../../src/diagnosis/detectors/context';
import { connect, context, disconnect, dpsEvent, renewal, timeline, window } from '../events';

const BIN = 5 * 60_000;
const binAt = (minute: number): number => window.start.getTime() + Math.floor((minute * 60_000) / BIN) * BIN;

function hubContext(bins: Record<number, number>): HubContext {
  return {
    hub: 'HUB-A',
    bins: Object.entries(bins).map(([minute, devices]) => ({ startInMs: binAt(Number(minute)), devices })),
    binsInWindow: 288,
  };
}

describe('fleet.mass-disconnect', () => {
  it('flags a disconnect in a bin where many devices of the hub dropped', () => {
    const events = timeline(connect(0), disconnect(302, '404104'), connect(306));
    const [finding] = detectMassDisconnect(
      context({ events, hubContext: hubContext({ 300: 33, 100: 1, 700: 2 }) }),
    );
    expect(finding).toMatchObject({
      id: 'fleet.mass-disconnect',
      severity: 'critical',
      params: { deviceCount: 33, hub: 'HUB-A' },
    });
    expect(finding?.facts.binStart).toBe(new Date(binAt(300)).toISOString());
  });

  it('adds the neighbouring bin when the disconnect is at a bin edge', () => {
    const events = timeline(disconnect(304.5, '404104'));
    expect(
      detectMassDisconnect(context({ events, hubContext: hubContext({ 300: 6, 305: 6 }) }))[0]?.params
        .deviceCount,
    ).toBe(12);
  });

  it('does not flag a few devices, a busy hub at its usual rate, or a clean disconnect', () => {
    const events = timeline(disconnect(302, '404104'));
    expect(detectMassDisconnect(context({ events, hubContext: hubContext({ 300: 4 }) }))).toEqual([]);
    const busy: Record<number, number> = {};
    for (let minute = 0; minute < 1440; minute += 5) busy[minute] = 8;
    busy[300] = 30;
    const busyHub = hubContext(busy);
    expect(usualDevicesPerBin(busyHub)).toBe(8);
    expect(detectMassDisconnect(context({ events, hubContext: busyHub }))).toEqual([]);
    expect(
      detectMassDisconnect(
        context({ events: timeline(disconnect(302)), hubContext: hubContext({ 300: 33 }) }),
      ),
    ).toEqual([]);
    expect(detectMassDisconnect(context({ events }))).toEqual([]);
  });

  it('leaves out the 404104 of a token renewal', () => {
    const events = timeline(connect(0), ...renewal(300));
    const renewals = detectTokenRenewal(context({ events }));
    expect(detectMassDisconnect(context({ events, hubContext: hubContext({ 300: 40 }) }, renewals))).toEqual(
      [],
    );
  });
});

describe('DPS', () => {
  it.each<[string, Detector, string]>([
    ['400', detectDpsBadRequest, 'dps.400.bad-request'],
    ['404', detectDpsNotFound, 'dps.404.not-found'],
    ['412', detectDpsEtagMismatch, 'dps.412.etag-mismatch'],
    ['429', detectDpsThrottled, 'dps.429.throttled'],
    ['500', detectDpsInternal, 'dps.500.internal'],
  ])('%s → its finding; a success does not trigger it', (status, detect, id) => {
    expect(
      detect(context({ dpsEvents: timeline(dpsEvent(10, status, 'x'), dpsEvent(11, '200')) }))[0],
    ).toMatchObject({
      id,
      params: { count: 1, dps: 'DPS-A' },
    });
    expect(
      detect(context({ dpsEvents: timeline(dpsEvent(10, '200', 'Device assigned to h.azure-devices.net')) })),
    ).toEqual([]);
  });

  it('maps a 4042xx detailed code to not-found', () => {
    const dpsEvents = timeline(dpsEvent(10, '400', '404201 EnrollmentNotFound: no enrollment'));
    expect(detectDpsNotFound(context({ dpsEvents }))[0]?.id).toBe('dps.404.not-found');
  });

  it('treats 401 then success in the same flow as the TPM challenge, and a lone 401 as unauthorized', () => {
    const tpm = detectDpsUnauthorized(
      context({ dpsEvents: timeline(dpsEvent('09:27:00', '401'), dpsEvent('09:27:02', '200')) }),
    );
    expect(tpm.map((f) => f.id)).toEqual(['dps.401.tpm-challenge']);
    expect(tpm[0]?.severity).toBe('info');
    const lone = detectDpsUnauthorized(
      context({ dpsEvents: timeline(dpsEvent(10, '401'), dpsEvent(15, '401'), dpsEvent(20, '401')) }),
    );
    expect(lone.map((f) => f.id)).toEqual(['dps.401.unauthorized']);
    expect(lone[0]?.params.count).toBe(3);
  });

  it('finds an assignment with no successful hub connect afterwards', () => {
    const dpsEvents = timeline(dpsEvent(600, '200', 'Device assigned to contoso-hub.azure-devices.net'));
    const [finding] = detectAssignedNotConnected(
      context({ dpsEvents, events: timeline(connect(100), connect(700, '401003')) }),
    );
    expect(finding).toMatchObject({
      id: 'dps.assigned-not-connected',
      params: { assignedHub: 'contoso-hub' },
    });
  });

  it('does not flag an assignment followed by a connect, or one made in the last minutes', () => {
    const dpsEvents = timeline(dpsEvent(600, '200', 'Device assigned to contoso-hub.azure-devices.net'));
    expect(detectAssignedNotConnected(context({ dpsEvents, events: timeline(connect(601)) }))).toEqual([]);
    const justNow = new Date(window.start.getTime() + 602 * 60_000);
    expect(detectAssignedNotConnected(context({ dpsEvents, now: justNow }))).toEqual([]);
  });
});

describe('data findings', () => {
  const noRecords = {
    presence: { connectionRecords: 500, dpsRecords: 20 },
    partialError: undefined,
    suggestedIds: ['dev-2'],
  };

  it('no-device-records only when others have records and the device has none', () => {
    expect(detectNoDeviceRecords(context({ data: noRecords }))[0]).toMatchObject({
      id: 'data.no-device-records',
      evidence: [],
      facts: { suggestedIds: ['dev-2'] },
    });
    expect(detectNoDeviceRecords(context({ data: noRecords, events: timeline(connect(1)) }))).toEqual([]);
    expect(
      detectNoDeviceRecords(context({ data: noRecords, dpsEvents: timeline(dpsEvent(1, '400')) })),
    ).toEqual([]);
    const empty = { ...noRecords, presence: { connectionRecords: 0, dpsRecords: 0 } };
    expect(detectNoDeviceRecords(context({ data: empty }))).toEqual([]);
  });

  it('no-diagnostics only when the window has no records at all', () => {
    const empty = {
      presence: { connectionRecords: 0, dpsRecords: 0 },
      partialError: undefined,
      suggestedIds: [],
    };
    expect(detectNoDiagnostics(context({ data: empty }))[0]?.id).toBe('data.no-diagnostics');
    expect(detectNoDiagnostics(context({ data: noRecords }))).toEqual([]);
  });

  it('partial-results when the service said so', () => {
    expect(
      detectPartialResults(context({ data: { ...noRecords, partialError: 'limit' } }))[0]?.facts.partialError,
    ).toBe('limit');
    expect(detectPartialResults(context({ data: noRecords }))).toEqual([]);
  });

  it('recent-window when the window ends within 5 minutes of now', () => {
    expect(detectRecentWindow(context({ now: new Date(window.end.getTime() + 2 * 60_000) }))[0]?.id).toBe(
      'data.recent-window',
    );
    expect(detectRecentWindow(context({ now: new Date(window.end.getTime() + 10 * 60_000) }))).toEqual([]);
  });

  it('no recent-window for logs that arrive complete (files, the demo)', () => {
    const complete = { presence: undefined, partialError: undefined, suggestedIds: [], lateArrivals: false };
    expect(
      detectRecentWindow(context({ now: new Date(window.end.getTime() + 2 * 60_000), data: complete })),
    ).toEqual([]);
  });
});
