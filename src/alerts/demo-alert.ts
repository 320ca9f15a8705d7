import { randomUUID } from 'node:crypto';
import type { AlertSeverity } from './monitor-alert';

/** The demo fleet's device whose connection flaps: its diagnosis is worth looking at. */
export const DEMO_ALERT_DEVICE = 'pump-station-4';

/** How far back the demo alert's log search looks (its window, and the diagnosis's). */
const DEMO_WINDOW_HOURS = 6;

export interface DemoAlertOptions {
  /** The ARM id of the IoT hub the alert is about (the demo fleet's hub). */
  readonly hubResourceId: string;
  readonly deviceId: string;
  readonly firedAt: Date;
  readonly severity?: AlertSeverity;
}

/**
 * What Azure Monitor posts to an action group webhook with the common alert schema on, for the
 * deployment template's disconnect rule (a log search alert on the hub, split by device): the
 * device is the `DeviceId` dimension, as monitor-alert.ts reads it. Each call is a new alert (a new
 * alert id), so posting the demo twice gives two incidents rather than a duplicate.
 */
export function demoAlertPayload(options: DemoAlertOptions): Record<string, unknown> {
  const hubId = options.hubResourceId.toLowerCase();
  const subscription = hubId.split('/')[2] ?? '00000000-0000-0000-0000-000000000000';
  const hubName = hubId.split('/').pop() ?? hubId;
  const windowEnd = options.firedAt.toISOString();
  const windowStart = new Date(options.firedAt.getTime() - DEMO_WINDOW_HOURS * 3_600_000).toISOString();
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: `/subscriptions/${subscription}/providers/Microsoft.AlertsManagement/alerts/${randomUUID()}`,
        alertRule: 'IoT devices disconnecting',
        severity: options.severity ?? 'Sev2',
        signalType: 'Log',
        monitorCondition: 'Fired',
        monitoringService: 'Log Alerts V2',
        alertTargetIDs: [hubId],
        configurationItems: [hubName.toUpperCase()],
        originAlertId: randomUUID(),
        firedDateTime: windowEnd,
        description: `A device disconnected repeatedly in the last ${DEMO_WINDOW_HOURS} hours (demo alert).`,
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: null,
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: `PT${DEMO_WINDOW_HOURS}H`,
          allOf: [
            {
              searchQuery:
                "AzureDiagnostics | where Category == 'Connections' and OperationName == 'deviceDisconnect' | extend DeviceId = tostring(parse_json(properties_s).deviceId) | summarize Disconnects = count() by DeviceId",
              metricMeasureColumn: null,
              targetResourceTypes: "['Microsoft.Devices/IotHubs']",
              operator: 'GreaterThan',
              threshold: '3',
              timeAggregation: 'Count',
              dimensions: [{ name: 'DeviceId', value: options.deviceId }],
              metricValue: 12,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
          windowStartTime: windowStart,
          windowEndTime: windowEnd,
        },
      },
      customProperties: null,
    },
  };
}

/** Posts a demo alert through the real intake (development only; absent elsewhere). */
export interface DemoAlerts {
  /** The incident id the intake gave it; throws when the intake refuses it (it never should). */
  post(deviceId: string): Promise<string>;
}

/** The demo alerts of an intake: the same parse, dedupe, store and queue as POST /api/alerts. */
export function demoAlertsThrough(
  intake: {
    accept(body: unknown): Promise<{ readonly status: number; readonly body: Record<string, unknown> }>;
  },
  hubResourceId: string,
  now: () => Date,
): DemoAlerts {
  return {
    async post(deviceId) {
      const answer = await intake.accept(demoAlertPayload({ hubResourceId, deviceId, firedAt: now() }));
      const id = answer.body['id'];
      if (answer.status !== 202 || typeof id !== 'string') {
        throw new Error(`The alert intake refused the demo alert (${answer.status}).`);
      }
      return id;
    },
  };
}
