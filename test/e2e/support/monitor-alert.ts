import { randomUUID } from 'node:crypto';
import { SIMULATED_HUB } from '../../../src/logs/simulate/fleet-resources';

/**
 * What Azure Monitor posts to an action group webhook with "common alert schema" on: a log search
 * alert on the demo fleet's hub, split by device, as the deployment template's disconnect alert
 * would fire it. Built the documented way rather than from our own parser's types, so the suite
 * checks the bot against Azure's shape, not against itself.
 */
export function disconnectAlert(
  deviceId: string,
  { firedAt, windowInHours }: { readonly firedAt: Date; readonly windowInHours: number },
): Record<string, unknown> {
  const windowEnd = firedAt.toISOString();
  const windowStart = new Date(firedAt.getTime() - windowInHours * 60 * 60 * 1000).toISOString();
  const hubId = SIMULATED_HUB.resourceId.toLowerCase();
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: `/subscriptions/${hubId.split('/')[2]}/providers/Microsoft.AlertsManagement/alerts/${randomUUID()}`,
        alertRule: 'IoT devices disconnecting',
        severity: 'Sev2',
        signalType: 'Log',
        monitorCondition: 'Fired',
        monitoringService: 'Log Alerts V2',
        alertTargetIDs: [hubId],
        configurationItems: [hubId],
        originAlertId: randomUUID(),
        firedDateTime: windowEnd,
        description: `A device disconnected repeatedly in the last ${windowInHours} hours.`,
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: null,
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: `PT${windowInHours}H`,
          allOf: [
            {
              searchQuery:
                "AzureDiagnostics | where Category == 'Connections' and OperationName == 'deviceDisconnect' | extend DeviceId = tostring(parse_json(properties_s).deviceId) | summarize Disconnects = count() by DeviceId",
              metricMeasureColumn: null,
              targetResourceTypes: "['Microsoft.Devices/IotHubs']",
              operator: 'GreaterThan',
              threshold: '3',
              timeAggregation: 'Count',
              dimensions: [{ name: 'DeviceId', value: deviceId }],
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
