import {
  diagnose,
  dpsFailures,
  hubErrorBreakdown,
  isDeviceConnectionEvent,
  isSuccessfulConnect,
  type ExecutedQuery,
} from '../diagnosis';
import { diagnoseDepsIn, fleetDepsIn, type LogsContextProvider } from '../diagnosis/logs-context';
import type { Diagnosis } from '../diagnosis';
import type { IncidentDiagnosis } from './incident';
import { DPS_TYPE, IOT_HUB_TYPE, deviceIdOf, type MonitorAlert } from './monitor-alert';

export interface IncidentDiagnosisDeps {
  /** The same provider the conversation asks: logs, hub → workspace directory, clock. */
  readonly logs: LogsContextProvider;
  readonly now: () => Date;
}

/** Rows of a fleet summary kept on the card. */
const FLEET_ROWS = 5;

/**
 * The diagnosis an alert deserves:
 *   log alert with a device dimension      → diagnose() for that device over the alert window
 *   alert on an IoT hub (metric, log, ...) → the hub's error mix over the window (fleet summary)
 *   alert on a DPS                         → DPS failures by code over the window
 *   anything else                          → none (the card says so)
 * Never throws: logs that cannot load, or a failing query, become the diagnosis' `problemCode` 'failed' (with the error's
 * message), and the incident still posts.
 */
export async function diagnoseAlert(
  alert: MonitorAlert,
  deps: IncidentDiagnosisDeps,
): Promise<IncidentDiagnosis> {
  const at = deps.now().toISOString();
  const window = { start: new Date(alert.window.start), end: new Date(alert.window.end) };
  const resource = alert.resource;
  const hub = resource?.type === IOT_HUB_TYPE ? resource.name : undefined;
  const deviceId = deviceIdOf(alert);
  try {
    if (deviceId) {
      const logs = await deps.logs();
      const diagnosis = await diagnose({ deviceId, ...(hub ? { hub } : {}), window }, diagnoseDepsIn(logs));
      return {
        kind: 'device',
        at,
        subject: deviceId,
        verdict: diagnosis.verdict.kind,
        findings: diagnosis.findings
          .slice(0, 3)
          .map((f) => ({ id: f.id, severity: f.severity, count: f.evidence.length })),
        ...lastConnectionOf(diagnosis),
        fleetRows: [],
        ...mainQuery(diagnosis.queries),
        ...caveatOf(diagnosis.dataStatus),
      };
    }
    if (resource?.type === IOT_HUB_TYPE) {
      const logs = await deps.logs();
      const answer = await hubErrorBreakdown({ window, hub: resource.name }, fleetDepsIn(logs));
      return fleetDiagnosis(at, resource.name, answer, (row) => ({
        code: row.code,
        name: row.name,
        count: row.errors,
        devices: row.devices,
        ...(row.findingId ? { findingId: row.findingId } : {}),
      }));
    }
    if (resource?.type === DPS_TYPE) {
      const logs = await deps.logs();
      const answer = await dpsFailures({ window, dps: resource.name }, fleetDepsIn(logs));
      return fleetDiagnosis(at, resource.name, answer, (row) => ({
        code: row.detailCode || row.status,
        name: row.example || row.category,
        count: row.failures,
        devices: row.registrationIds,
        ...(row.findingId ? { findingId: row.findingId } : {}),
      }));
    }
    return {
      kind: 'none',
      at,
      findings: [],
      fleetRows: [],
      problemCode: 'not-iot',
    };
  } catch (error) {
    return {
      kind: 'none',
      at,
      ...(deviceId ? { subject: deviceId } : hub ? { subject: hub } : {}),
      findings: [],
      fleetRows: [],
      problemCode: 'failed',
      problemDetail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** A hub's or DPS's fleet answer as the incident keeps it: its top rows, the query, any caveat. */
function fleetDiagnosis<Row>(
  at: string,
  subject: string,
  answer: {
    readonly rows: readonly Row[];
    readonly queries: readonly ExecutedQuery[];
    readonly dataStatus: { readonly partial: boolean; readonly truncated: readonly string[] };
  },
  toFleetRow: (row: Row) => IncidentDiagnosis['fleetRows'][number],
): IncidentDiagnosis {
  return {
    kind: 'fleet',
    at,
    subject,
    findings: [],
    fleetRows: answer.rows.slice(0, FLEET_ROWS).map(toFleetRow),
    ...mainQuery(answer.queries),
    ...caveatOf(answer.dataStatus),
  };
}

function mainQuery(queries: readonly ExecutedQuery[]): { query?: string } {
  const first = queries[0];
  return first ? { query: first.kql } : {};
}

/** A code, not a sentence: the card says it in the conversation's language. */
function caveatOf(status: { readonly partial: boolean; readonly truncated: readonly string[] }): {
  caveatCode?: 'partial' | 'truncated';
} {
  if (status.partial) return { caveatCode: 'partial' };
  if (status.truncated.length > 0) return { caveatCode: 'truncated' };
  return {};
}

/** Connected since the latest connect, or offline since the latest disconnect (device-level only). */
function lastConnectionOf(diagnosis: Diagnosis): Pick<IncidentDiagnosis, 'lastConnection'> {
  let latest: { state: 'connected' | 'offline'; since: string; timeInMs: number } | undefined;
  for (const event of diagnosis.timeline.events) {
    if (!isDeviceConnectionEvent(event)) continue;
    const connected = isSuccessfulConnect(event);
    if (!connected && event.operation !== 'deviceDisconnect') continue;
    const timeInMs = Date.parse(event.time);
    if (latest === undefined || timeInMs >= latest.timeInMs)
      latest = { state: connected ? 'connected' : 'offline', since: event.time, timeInMs };
  }
  return latest ? { lastConnection: { state: latest.state, since: latest.since } } : {};
}
