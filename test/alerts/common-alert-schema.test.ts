import { parseCommonAlert, AlertPayloadError, safePortalLink } from '../../src/alerts/common-alert-schema';
import { deviceIdOf } from '../../src/alerts/monitor-alert';
import { activityLogAlert, logSearchAlert, metricAlert } from './payloads';

describe('parseCommonAlert', () => {
  it('reads a log search alert with its device dimension, window, query and link', () => {
    const alert = parseCommonAlert(logSearchAlert({ deviceId: 'camera-lobby-02' }));
    expect(alert).toMatchObject({
      rule: 'Device disconnects (401003)',
      severity: 'Sev2',
      signalType: 'Log',
      monitorCondition: 'Fired',
      resource: { name: 'contoso-fleet-hub', type: 'microsoft.devices/iothubs' },
      window: { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z' },
    });
    expect(deviceIdOf(alert)).toBe('camera-lobby-02');
    expect(alert.searchQuery).toContain("ResultType == '401003'");
    expect(alert.resultsLink).toMatch(/^https:\/\/portal\.azure\.com\//);
  });

  it('reads a metric alert on a DPS with its metric condition', () => {
    const alert = parseCommonAlert(metricAlert());
    expect(alert.resource).toMatchObject({
      name: 'contoso-fleet-dps',
      type: 'microsoft.devices/provisioningservices',
    });
    expect(alert.conditionSummary).toBe('AttestationAttempts (Total) = 41, GreaterThan 5');
    expect(deviceIdOf(alert)).toBeUndefined();
  });

  it('reads an activity log alert, defaulting the window to the hour before it fired', () => {
    const alert = parseCommonAlert(activityLogAlert());
    expect(alert.signalType).toBe('Activity Log');
    expect(alert.operation).toBe('Microsoft.Devices/IotHubs/listkeys/action');
    expect(alert.window).toEqual({ start: '2026-03-02T09:05:00.000Z', end: '2026-03-02T10:05:00.000Z' });
  });

  it('refuses a payload without the common schema, saying to turn it on in the action group', () => {
    const legacy = { status: 'Activated', context: { name: 'old metric alert' } };
    expect(() => parseCommonAlert(legacy)).toThrow(/Enable the common alert schema/);
  });

  it('names the bad field', () => {
    const payload = logSearchAlert({});
    (
      (payload.data as Record<string, Record<string, unknown>>).essentials as Record<string, unknown>
    ).severity = 'Critical';
    const error = (() => {
      try {
        parseCommonAlert(payload);
      } catch (e) {
        return e as AlertPayloadError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AlertPayloadError);
    expect(error?.field).toBe('data.essentials.severity');
    expect(error?.message).toMatch(/^data\.essentials\.severity: /);
  });

  it.each([null, [], 'text', 42])('refuses %p as a body', (body) => {
    expect(() => parseCommonAlert(body)).toThrow(AlertPayloadError);
  });

  it('keeps only https Azure portal links', () => {
    expect(safePortalLink('javascript:alert(1)')).toBeUndefined();
    expect(safePortalLink('https://portal.azure.com.evil.example/x')).toBeUndefined();
    expect(safePortalLink('http://portal.azure.com/x')).toBeUndefined();
    expect(safePortalLink('https://portal.azure.com/#blade/x')).toBe('https://portal.azure.com/#blade/x');
  });
});
