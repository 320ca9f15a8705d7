/**
 * Hub errors leave token renewals out: the two rows of a renewal (a 401003 and, a second later, a
 * 404104 of the same device) are no errors, and the renewals are counted apart, fleet-wide. Each
 * code names its top devices. The KQL answers are checked against the same rules written here in
 * plain code over the raw rows.
 */
import { hubErrorBreakdown, topDisconnectingDevices } from '../../src/diagnosis';
import { namedRows, textCell } from '../../src/diagnosis/table-rows';
import { demoLogs, DEMO_NOW } from '../conversation/demo-logs';

interface RawRow {
  readonly hub: string;
  readonly device: string;
  readonly time: number;
  readonly code: string;
  readonly name: string;
  readonly category: string;
  readonly error: boolean;
  readonly disconnect: boolean;
}

interface Expected {
  readonly codes: Map<string, { errors: number; devices: Set<string>; perDevice: Map<string, number> }>;
  readonly trendByCode: Map<string, number>;
  readonly renewals: number;
  readonly renewingDevices: number;
}

describe('hub errors: renewals apart, top devices per code', () => {
  const logs = demoLogs();
  const window = { start: new Date(DEMO_NOW.getTime() - 24 * 3_600_000), end: DEMO_NOW };

  async function rawRows(): Promise<RawRow[]> {
    const result = await logs.query(
      logs.description.defaultTarget,
      [
        'AzureDiagnostics',
        '| where ResourceType == "IOTHUBS"',
        '| project TimeGenerated, ResultType, ResultDescription, Category, OperationName, Level, Resource,',
        '    DeviceId = tostring(parse_json(properties_s).deviceId)',
      ].join('\n'),
      { startTime: window.start, endTime: window.end },
    );
    expect(result.status).toBe('Success');
    return namedRows(result.tables[0]).map((row) => ({
      hub: textCell(row, 'Resource'),
      device: textCell(row, 'DeviceId'),
      time: Date.parse(textCell(row, 'TimeGenerated')),
      code: textCell(row, 'ResultType'),
      name: textCell(row, 'ResultDescription'),
      category: textCell(row, 'Category'),
      error: textCell(row, 'Level') === 'Error',
      disconnect:
        textCell(row, 'Category') === 'Connections' && textCell(row, 'OperationName') === 'deviceDisconnect',
    }));
  }

  /** Renewals paired device by device over its disconnects in time order, then the errors counted. */
  async function reference(): Promise<Expected> {
    const rows = await rawRows();
    const disconnects = rows
      .filter((row) => row.disconnect)
      .sort((a, b) => cmp(a.hub, b.hub) || cmp(a.device, b.device) || a.time - b.time);
    const renewalRows = new Set<RawRow>();
    const renewing = new Set<string>();
    let renewals = 0;
    for (let i = 0; i + 1 < disconnects.length; i++) {
      const row = disconnects[i]!;
      const next = disconnects[i + 1]!;
      if (
        row.code === '401003' &&
        next.code === '404104' &&
        next.hub === row.hub &&
        next.device === row.device &&
        next.time - row.time <= 10_000
      ) {
        renewalRows.add(row).add(next);
        renewals++;
        renewing.add(`${row.hub}/${row.device}`);
        i++;
      }
    }
    const codes: Expected['codes'] = new Map();
    const trendByCode = new Map<string, number>();
    for (const row of rows) {
      if (!row.error || renewalRows.has(row)) continue;
      const key = [row.hub, row.code, row.name, row.category].join('|');
      const entry = codes.get(key) ?? { errors: 0, devices: new Set(), perDevice: new Map() };
      codes.set(key, entry);
      entry.errors++;
      entry.devices.add(row.device);
      if (row.device !== '') entry.perDevice.set(row.device, (entry.perDevice.get(row.device) ?? 0) + 1);
      trendByCode.set(row.code, (trendByCode.get(row.code) ?? 0) + 1);
    }
    return { codes, trendByCode, renewals, renewingDevices: renewing.size };
  }

  /** Ordinal string order, as Kusto sorts. */
  function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  it('counts errors, devices and top devices per code as plain code does, without the renewal rows', async () => {
    const expected = await reference();
    const answer = await hubErrorBreakdown({ window }, { logs });
    expect(answer.rows).toHaveLength(expected.codes.size);
    for (const row of answer.rows) {
      const want = expected.codes.get([row.hub, row.code, row.name, row.category].join('|'));
      const topDevices = [...(want?.perDevice ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
        .slice(0, 3)
        .map(([deviceId, errors]) => ({ deviceId, errors }));
      expect({
        code: row.code,
        errors: row.errors,
        devices: row.devices,
        topDevices: row.topDevices,
      }).toEqual({
        code: row.code,
        errors: want?.errors,
        devices: want?.devices.size,
        topDevices,
      });
    }
    const trend = new Map<string, number>();
    for (const point of answer.trend) trend.set(point.code, (trend.get(point.code) ?? 0) + point.errors);
    expect(trend).toEqual(expected.trendByCode);
    expect(answer.renewals).toEqual({ cycles: expected.renewals, devices: expected.renewingDevices });
    // The demo renews tokens: the rule had rows to leave out, and some code has ties or 3+ devices.
    expect(expected.renewals).toBeGreaterThan(10);
    expect(answer.rows.some((row) => row.topDevices.length === 3)).toBe(true);
  });

  it('names no renewal-only device among the 401003 and 404104 devices', async () => {
    const answer = await hubErrorBreakdown({ window }, { logs });
    const named = answer.rows
      .filter((row) => row.code === '401003' || row.code === '404104')
      .flatMap((row) => row.topDevices.map((device) => device.deviceId));
    for (const renewing of ['thermostat-0042', 'meter-gangnam-118', 'thermostat-0117'])
      expect(named).not.toContain(renewing);
  });

  it('gives top disconnects the same fleet-wide renewal count, beyond the listed devices', async () => {
    const [errors, top] = await Promise.all([
      hubErrorBreakdown({ window }, { logs }),
      topDisconnectingDevices({ window, limit: 3 }, { logs }),
    ]);
    expect(top.renewals).toEqual(errors.renewals);
    const listed = top.rows.reduce((sum, row) => sum + row.renewals, 0);
    expect(top.renewals.cycles).toBeGreaterThan(listed);
  });
});
