/** An alert about a device keeps the device's state and each finding's event count for the card. */
import { diagnoseAlert } from '../../src/alerts/diagnose-incident';
import type { MonitorAlert } from '../../src/alerts/monitor-alert';
import { diagnose } from '../../src/diagnosis';
import { DEMO_NOW, demoLogs } from '../conversation/demo-logs';

const logs = demoLogs();
const window = {
  start: new Date(DEMO_NOW.getTime() - 24 * 3_600_000).toISOString(),
  end: DEMO_NOW.toISOString(),
};

const alert: MonitorAlert = {
  alertId: 'alert-device-state',
  rule: 'device errors',
  severity: 'Sev2',
  signalType: 'Log',
  monitorCondition: 'Fired',
  firedAt: DEMO_NOW.toISOString(),
  targets: [],
  dimensions: [{ name: 'DeviceId', value: 'thermostat-0042' }],
  window,
  alertLink: 'https://portal.azure.com/#view/alert',
};

describe('incident diagnosis of a device alert', () => {
  it('states the device as of its latest connection event and counts each finding’s events', async () => {
    const result = await diagnoseAlert(alert, {
      logs: async () => ({ logs, now: () => DEMO_NOW }),
      now: () => DEMO_NOW,
    });
    const direct = await diagnose(
      { deviceId: 'thermostat-0042', window: { start: new Date(window.start), end: new Date(window.end) } },
      { logs, now: () => DEMO_NOW },
    );
    const connections = direct.timeline.events
      .filter(
        (event) =>
          event.moduleId === '' &&
          event.category === 'Connections' &&
          (event.operation === 'deviceDisconnect' ||
            (event.operation === 'deviceConnect' && event.code === '')),
      )
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const latest = connections.at(-1);
    expect(latest).toBeDefined();
    expect(result.lastConnection).toEqual({
      state: latest?.operation === 'deviceConnect' ? 'connected' : 'offline',
      since: latest?.time,
    });
    expect(result.findings.map((finding) => finding.count)).toEqual(
      direct.findings.slice(0, 3).map((finding) => finding.evidence.length),
    );
  });
});
