/**
 * One Azure Monitor alert notification, normalized from the common alert schema into what the
 * bot uses: who fired (rule, severity, resource), what (metric / log query / activity log), the
 * window, the dimensions (a device id, for a log alert per device), and the links.
 */

export const ALERT_SEVERITIES = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;
/** Sev0 is the most severe. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type SignalType = 'Metric' | 'Log' | 'Activity Log';
export type MonitorCondition = 'Fired' | 'Resolved';

export interface AlertDimension {
  readonly name: string;
  readonly value: string;
}

/** The Azure resource an alert is about, from its ARM id. */
export interface AlertResource {
  readonly id: string;
  readonly name: string;
  /** Lower-case provider type, e.g. `microsoft.devices/iothubs`. */
  readonly type: string;
}

export interface MonitorAlert {
  readonly alertId: string;
  readonly rule: string;
  readonly severity: AlertSeverity;
  readonly signalType: SignalType;
  readonly monitorCondition: MonitorCondition;
  readonly monitoringService?: string;
  readonly description?: string;
  readonly firedAt: string;
  readonly resolvedAt?: string;
  readonly resource?: AlertResource;
  readonly targets: readonly string[];
  /** Metric name or log query condition, one line, for the card. */
  readonly conditionSummary?: string;
  readonly dimensions: readonly AlertDimension[];
  /** The log search alert's query (KQL), when there is one. */
  readonly searchQuery?: string;
  readonly window: { readonly start: string; readonly end: string };
  /** Azure portal page of this alert. */
  readonly alertLink: string;
  /** Portal link to the log alert's (filtered) results, when Azure sent one. */
  readonly resultsLink?: string;
  /** Activity log: operation and caller. */
  readonly operation?: string;
}

/** Resource types the diagnosis understands. */
export const IOT_HUB_TYPE = 'microsoft.devices/iothubs';
export const DPS_TYPE = 'microsoft.devices/provisioningservices';

/** Dimension names that carry an IoT Hub device id in log alerts (as people name them in queries). */
const DEVICE_DIMENSIONS = /^(deviceid|device_id|deviceid_s|device|registrationid)$/i;

export function deviceIdOf(alert: Pick<MonitorAlert, 'dimensions'>): string | undefined {
  return alert.dimensions.find((d) => DEVICE_DIMENSIONS.test(d.name) && d.value.length > 0)?.value;
}

/** `{name, type}` from an ARM resource id; undefined for anything that is not one. */
export function resourceFromId(id: string): AlertResource | undefined {
  const match = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/([^/]+)\/([^/]+)\/([^/]+)/i.exec(
    id,
  );
  if (!match) return undefined;
  return { id, name: match[3] as string, type: `${match[1]}/${match[2]}`.toLowerCase() };
}

/** Severity order: does `severity` meet a minimum of `atLeast` (Sev2 meets Sev3, not Sev1)? */
export function meetsSeverity(severity: AlertSeverity, atLeast: AlertSeverity): boolean {
  return ALERT_SEVERITIES.indexOf(severity) <= ALERT_SEVERITIES.indexOf(atLeast);
}
