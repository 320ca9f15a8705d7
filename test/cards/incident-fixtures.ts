/**
 * Hand-written incidents for the incident and storm-digest goldens: one of each state the on-call
 * team sees (acknowledged with a device diagnosis, snoozed with a fleet summary and a caveat,
 * resolved with a note, a failed diagnosis), with a timeline holding every kind of entry.
 */
import type { CardRequest } from '../../src/cards';
import type { Locale } from '../../src/cards/card-data';
import {
  incidentCardData,
  incidentDigestCardData,
  type IncidentCardInput,
} from '../../src/cards/incident-card';

/** The golden cards' "now": after the acknowledgement, inside the snooze. */
export const INCIDENT_NOW = new Date('2026-03-02T10:30:00Z');

const ANA = { name: 'Ana Oncall' };
const MONITOR = { name: 'Azure Monitor' };

const alert: IncidentCardInput['alert'] = {
  rule: 'Device disconnects (401003)',
  signalType: 'Log',
  description: 'Devices failing to authenticate',
  firedAt: '2026-03-02T10:00:00Z',
  resource: { name: 'contoso-fleet-hub', type: 'microsoft.devices/iothubs' },
  conditionSummary: 'Log query results (Count) = 12, GreaterThan 3',
  dimensions: [{ name: 'DeviceId', value: 'camera-lobby-02' }],
  alertLink:
    'https://portal.azure.com/#view/Microsoft_Azure_Monitoring_Alerts/AlertDetails.ReactView/alertId/x',
};

const QUERY = "AzureDiagnostics\n| where Category == 'Connections'\n| where DeviceId == 'camera-lobby-02'";

export const ACKNOWLEDGED_INCIDENT: IncidentCardInput = {
  id: '3fa2c1',
  status: 'acknowledged',
  severity: 'Sev2',
  assignee: ANA,
  alert,
  diagnosis: {
    kind: 'device',
    subject: 'camera-lobby-02',
    verdict: 'problem',
    findings: [{ id: 'iothub.401003.credentials-expired', severity: 'error', count: 12 }],
    lastConnection: { state: 'offline', since: '2026-03-02T09:16:00Z' },
    fleetRows: [],
    query: QUERY,
  },
  timeline: [
    { at: '2026-03-02T10:00:00Z', by: MONITOR, action: 'fired' },
    { at: '2026-03-02T10:00:20Z', by: MONITOR, action: 'diagnosed' },
    { at: '2026-03-02T10:07:00Z', by: ANA, action: 'acknowledged' },
    { at: '2026-03-02T10:08:00Z', by: ANA, action: 'assigned', note: 'Ana Oncall' },
  ],
};

export const SNOOZED_FLEET_INCIDENT: IncidentCardInput = {
  id: '7c0d4e',
  status: 'snoozed',
  severity: 'Sev1',
  snoozedUntil: '2026-03-02T11:10:00.000Z',
  alert: {
    ...alert,
    rule: 'Connected devices dropped',
    signalType: 'Metric',
    conditionSummary: 'connectedDeviceCount Average < 400',
    dimensions: [],
  },
  diagnosis: {
    kind: 'fleet',
    subject: 'contoso-fleet-hub',
    findings: [],
    fleetRows: [
      {
        code: '404104',
        name: 'DeviceConnectionClosedRemotely',
        count: 212,
        devices: 61,
        findingId: 'fleet.mass-disconnect',
      },
      { code: '401003', name: 'IoTHubUnauthorized', count: 18, devices: 3 },
    ],
    query: 'AzureDiagnostics\n| where Category == "Connections"',
    caveatCode: 'truncated',
  },
  timeline: [
    { at: '2026-03-02T10:00:00Z', by: MONITOR, action: 'fired' },
    { at: '2026-03-02T10:00:30Z', by: MONITOR, action: 'diagnosed' },
    { at: '2026-03-02T10:10:00Z', by: ANA, action: 'snoozed', note: 'until 2026-03-02T11:10:00.000Z' },
  ],
};

export const RESOLVED_INCIDENT: IncidentCardInput = {
  ...ACKNOWLEDGED_INCIDENT,
  id: '9b1e0f',
  status: 'resolved',
  resolvedAt: '2026-03-02T10:25:00Z',
  resolutionNote: 'rotated the device key',
  diagnosis: {
    kind: 'none',
    subject: 'camera-lobby-02',
    findings: [],
    fleetRows: [],
    problemCode: 'failed',
    problemDetail: 'Log Analytics did not answer within 30 s',
  },
  timeline: [
    ...ACKNOWLEDGED_INCIDENT.timeline,
    { at: '2026-03-02T10:20:00Z', by: MONITOR, action: 'resolved-by-monitor' },
    { at: '2026-03-02T10:25:00Z', by: ANA, action: 'resolved', note: 'rotated the device key' },
  ],
};

export function incidentCard(incident: IncidentCardInput, locale: Locale): CardRequest {
  return { template: 'incident', data: incidentCardData(incident, locale, { now: INCIDENT_NOW }) };
}

export function incidentDigestCard(locale: Locale): CardRequest {
  const members = [1, 2, 3].map((n) => ({
    ...ACKNOWLEDGED_INCIDENT,
    id: `9b${n}e0f`,
    status: 'open' as const,
  }));
  return {
    template: 'incident-digest',
    data: incidentDigestCardData(
      'Device disconnects (401003)',
      Date.parse('2026-03-02T10:00:00Z'),
      [...members, { ...RESOLVED_INCIDENT, id: '9b4e0f' }],
      INCIDENT_NOW,
      locale,
    ),
  };
}
