/**
 * Azure Monitor common-alert-schema payloads, written from the documented schema (one per signal
 * type), not from our parser's types.
 */
const SUB = '11111111-2222-3333-4444-555555555555';
export const HUB_ID = `/subscriptions/${SUB}/resourceGroups/iot-rg/providers/Microsoft.Devices/IotHubs/CONTOSO-FLEET-HUB`;
export const DPS_ID = `/subscriptions/${SUB}/resourceGroups/iot-rg/providers/Microsoft.Devices/ProvisioningServices/CONTOSO-FLEET-DPS`;
export const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/iot-rg/providers/Microsoft.OperationalInsights/workspaces/iot-logs`;

export function alertId(n: number | string): string {
  return `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts/0000000${n}-aaaa-bbbb-cccc-dddddddddddd`;
}

type Json = Record<string, unknown>;

export function logSearchAlert(options: {
  id?: string;
  deviceId?: string;
  condition?: 'Fired' | 'Resolved';
  firedAt?: string;
  rule?: string;
  severity?: string;
}): Json {
  const firedAt = options.firedAt ?? '2026-03-02T10:00:00.000Z';
  const condition = options.condition ?? 'Fired';
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: options.id ?? alertId(1),
        alertRule: options.rule ?? 'Device disconnects (401003)',
        severity: options.severity ?? 'Sev2',
        signalType: 'Log',
        monitorCondition: condition,
        monitoringService: 'Log Alerts V2',
        alertTargetIDs: [HUB_ID.toLowerCase()],
        configurationItems: ['CONTOSO-FLEET-HUB'],
        originAlertId: 'f3d7f4f1-0000-0000-0000-000000000000',
        firedDateTime: firedAt,
        ...(condition === 'Resolved' ? { resolvedDateTime: '2026-03-02T10:30:00.000Z' } : {}),
        description: 'Devices failing to authenticate',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: {},
        conditionType: 'LogQueryCriteria',
        condition: {
          windowSize: 'PT1H',
          allOf: [
            {
              searchQuery: "AzureDiagnostics | where Category == 'Connections' and ResultType == '401003'",
              metricMeasureColumn: null,
              targetResourceTypes: "['Microsoft.Devices/IotHubs']",
              operator: 'GreaterThan',
              threshold: '0',
              timeAggregation: 'Count',
              dimensions: options.deviceId ? [{ name: 'DeviceId', value: options.deviceId }] : [],
              metricValue: 12,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
              linkToSearchResultsUI:
                'https://portal.azure.com#@tenant/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/source/Alerts.EmailLinks/scope/x',
              linkToFilteredSearchResultsUI:
                'https://portal.azure.com#@tenant/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/source/Alerts.EmailLinks/scope/y',
              linkToSearchResultsAPI: 'https://api.loganalytics.io/v1/workspaces/x/query',
            },
          ],
          windowStartTime: '2026-03-02T09:00:00.000Z',
          windowEndTime: firedAt,
        },
      },
      customProperties: null,
    },
  };
}

export function metricAlert(
  options: { id?: string; condition?: 'Fired' | 'Resolved'; severity?: string } = {},
): Json {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: options.id ?? alertId(2),
        alertRule: 'DPS attestation failures',
        severity: options.severity ?? 'Sev1',
        signalType: 'Metric',
        monitorCondition: options.condition ?? 'Fired',
        monitoringService: 'Platform',
        alertTargetIDs: [DPS_ID.toLowerCase()],
        configurationItems: ['CONTOSO-FLEET-DPS'],
        originAlertId: `${SUB}_iot-rg_microsoft.insights_metricAlerts_DPS attestation failures_-1234`,
        firedDateTime: '2026-03-02T10:00:00.000Z',
        description: '',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        properties: null,
        conditionType: 'SingleResourceMultipleMetricCriteria',
        condition: {
          windowSize: 'PT15M',
          allOf: [
            {
              metricName: 'AttestationAttempts',
              metricNamespace: 'Microsoft.Devices/ProvisioningServices',
              operator: 'GreaterThan',
              threshold: '5',
              timeAggregation: 'Total',
              dimensions: [
                { name: 'Status', value: 'Failure' },
                { name: 'ProvisioningServiceName', value: 'CONTOSO-FLEET-DPS' },
              ],
              metricValue: 41,
              webTestName: null,
            },
          ],
          windowStartTime: '2026-03-02T09:45:00.000Z',
          windowEndTime: '2026-03-02T10:00:00.000Z',
        },
      },
    },
  };
}

export function activityLogAlert(): Json {
  return {
    schemaId: 'azureMonitorCommonAlertSchema',
    data: {
      essentials: {
        alertId: alertId(3),
        alertRule: 'Hub keys regenerated',
        severity: 'Sev4',
        signalType: 'Activity Log',
        monitorCondition: 'Fired',
        monitoringService: 'Activity Log - Administrative',
        alertTargetIDs: [HUB_ID],
        originAlertId: 'bdf6d2f5-0000-0000-0000-000000000000_123',
        firedDateTime: '2026-03-02T10:05:00.000Z',
        description: '',
        essentialsVersion: '1.0',
        alertContextVersion: '1.0',
      },
      alertContext: {
        authorization: { action: 'Microsoft.Devices/IotHubs/listkeys/action', scope: HUB_ID },
        channels: 'Operation',
        claims: '{}',
        caller: 'admin@contoso.com',
        correlationId: 'c0000000-0000-0000-0000-000000000000',
        eventSource: 'Administrative',
        eventTimestamp: '2026-03-02T10:04:58.000Z',
        eventDataId: 'e0000000-0000-0000-0000-000000000000',
        level: 'Informational',
        operationName: 'Microsoft.Devices/IotHubs/listkeys/action',
        operationId: 'o0000000-0000-0000-0000-000000000000',
        status: 'Succeeded',
        subStatus: '',
        submissionTimestamp: '2026-03-02T10:05:00.000Z',
      },
    },
  };
}
