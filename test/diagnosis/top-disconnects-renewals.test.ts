/**
 * Top disconnecting devices ranks by real disconnects: a token renewal (a 401003 and, a second
 * later, a 404104) counts once as a renewal and neither row as a disconnect or an error. The KQL
 * answer is checked against a classification written here in plain code over the raw rows.
 */
import { topDisconnectingDevices } from '../../src/diagnosis';
import { namedRows, textCell } from '../../src/diagnosis/table-rows';
import { demoLogs, DEMO_NOW } from '../conversation/demo-logs';

interface Expected {
  disconnects: number;
  renewals: number;
  errors: number;
  codes: Set<string>;
}

describe('top disconnecting devices: ranked by real problems, renewals apart', () => {
  const logs = demoLogs();
  const window = { start: new Date(DEMO_NOW.getTime() - 24 * 3_600_000), end: DEMO_NOW };

  /** Every disconnect of the window, classified device by device in time order. */
  async function reference(): Promise<Map<string, Expected>> {
    const result = await logs.query(
      logs.description.defaultTarget,
      [
        'AzureDiagnostics',
        '| where Category == "Connections" and OperationName == "deviceDisconnect"',
        '| project TimeGenerated, ResultType, Level, Resource, DeviceId = tostring(parse_json(properties_s).deviceId)',
      ].join('\n'),
      { startTime: window.start, endTime: window.end },
    );
    expect(result.status).toBe('Success');
    const rows = namedRows(result.tables[0])
      .map((row) => ({
        device: textCell(row, 'DeviceId'),
        time: Date.parse(textCell(row, 'TimeGenerated')),
        code: textCell(row, 'ResultType'),
        error: textCell(row, 'Level') === 'Error',
      }))
      .sort((a, b) => a.device.localeCompare(b.device) || a.time - b.time);
    const byDevice = new Map<string, Expected>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const next = rows[i + 1];
      const entry = byDevice.get(row.device) ?? { disconnects: 0, renewals: 0, errors: 0, codes: new Set() };
      byDevice.set(row.device, entry);
      const pairs =
        row.code === '401003' &&
        next?.device === row.device &&
        next.code === '404104' &&
        next.time - row.time <= 10_000;
      if (pairs) {
        entry.renewals++;
        i++; // the 404104 closing the same renewal
        continue;
      }
      entry.disconnects++;
      if (row.error) entry.errors++;
      if (row.code !== '') entry.codes.add(row.code);
    }
    return byDevice;
  }

  it('counts each renewal cycle once, and real disconnects, errors and codes as plain code does', async () => {
    const expected = await reference();
    const answer = await topDisconnectingDevices({ window, limit: 1000 }, { logs });
    expect(answer.rows).toHaveLength(expected.size);
    for (const row of answer.rows) {
      const want = expected.get(row.deviceId);
      expect({ device: row.deviceId, ...row, codes: [...row.codes].sort() }).toEqual({
        device: row.deviceId,
        ...row,
        disconnects: want?.disconnects,
        renewals: want?.renewals,
        errors: want?.errors,
        codes: [...(want?.codes ?? [])].sort(),
      });
    }
    expect([...expected.values()].some((entry) => entry.renewals > 0)).toBe(true);
  });

  it('ranks failing devices first and leaves the renewal devices out of the top ten', async () => {
    const answer = await topDisconnectingDevices({ window, limit: 10 }, { logs });
    const ids = answer.rows.map((row) => row.deviceId);
    // node-gw-01 renews the Node SDK's way, with clean disconnects that carry no error.
    for (const renewing of ['thermostat-0042', 'meter-gangnam-118', 'thermostat-0117', 'node-gw-01']) {
      expect(ids).not.toContain(renewing);
    }
    expect(ids.slice(0, 4)).toContain('pump-station-4');
    const ranked = answer.rows.map((row) => row.errors);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    expect(answer.rows.every((row) => !row.codes.includes('401003'))).toBe(true);
  });
});
