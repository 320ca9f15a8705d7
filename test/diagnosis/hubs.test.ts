import type { CellValue } from '../../src/logs/backend';
import { LocalLogsEngine } from '../../src/logs/local/engine';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { diagnose } from '../../src/diagnosis/diagnose';
import {
  UnknownHubError,
  hubDirectoryFromSettings,
  iotHubNames,
  placeOf,
  placesOf,
} from '../../src/diagnosis/hubs';
import { hubDirectoryFromLogs } from '../../src/diagnosis/log-hubs';

const window = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-02T12:00:00Z') };
const now = () => new Date('2026-03-02T13:00:00Z');

function row(
  resourceType: string,
  resource: string,
  category: string,
  properties: object,
): Record<string, CellValue> {
  return {
    TimeGenerated: new Date('2026-03-02T06:00:00Z'),
    ResourceProvider: 'MICROSOFT.DEVICES',
    ResourceType: resourceType,
    Resource: resource,
    Category: category,
    OperationName: category === 'Connections' ? 'deviceConnect' : 'RegistrationAttempt',
    Level: 'Information',
    properties_s: JSON.stringify(properties),
  };
}

function backend(): LocalLogsBackend {
  const engine = new LocalLogsEngine({ clock: now });
  engine.appendRow('AzureDiagnostics', row('IOTHUBS', 'HUB-EAST', 'Connections', { deviceId: 'dev-1' }));
  engine.appendRow('AzureDiagnostics', row('IOTHUBS', 'HUB-WEST', 'Connections', { deviceId: 'dev-2' }));
  engine.appendRow(
    'AzureDiagnostics',
    row('PROVISIONINGSERVICES', 'FLEET-DPS', 'DeviceOperations', { id: 'dev-1' }),
  );
  engine.finishLoading();
  return new LocalLogsBackend(engine);
}

describe('hub directories', () => {
  it('maps the IOT_HUBS configuration to a directory with workspace targets and ARM ids', () => {
    const directory = hubDirectoryFromSettings([
      {
        name: 'hub-east',
        workspaceId: 'ws-1',
        resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-east',
      },
      { name: 'fleet-dps', kind: 'dps', workspaceId: 'ws-1' },
      { name: 'hub-west' },
    ]);
    expect(directory).toEqual({
      'hub-east': {
        kind: 'iothub',
        target: { kind: 'workspace', id: 'ws-1' },
        resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/hub-east',
      },
      'fleet-dps': { kind: 'dps', target: { kind: 'workspace', id: 'ws-1' } },
      'hub-west': { kind: 'iothub' },
    });
    expect(iotHubNames(directory)).toEqual(['hub-east', 'hub-west']);
    expect(hubDirectoryFromSettings([])).toEqual({});
  });

  it('in local mode takes the hubs and DPS instances from the Resource values in the logs', async () => {
    expect(await hubDirectoryFromLogs(backend(), window)).toEqual({
      'HUB-EAST': { kind: 'iothub', foundInLogs: true },
      'HUB-WEST': { kind: 'iothub', foundInLogs: true },
      'FLEET-DPS': { kind: 'dps', foundInLogs: true },
    });
  });

  it('diagnose() names the hubs in the logs for a hub they do not contain, or a DPS given as a hub', async () => {
    const logs = backend();
    const hubs = await hubDirectoryFromLogs(logs, window);
    const ask = (hub: string) => diagnose({ deviceId: 'dev-1', hub, window }, { logs, now, hubs });
    await expect(ask('hub-north')).rejects.toThrow(
      new UnknownHubError('hub-north', ['HUB-EAST', 'HUB-WEST'], 'logs'),
    );
    await expect(ask('hub-north')).rejects.toThrow('Hubs in the logs: HUB-EAST, HUB-WEST.');
    await expect(ask('fleet-dps')).rejects.toThrow(UnknownHubError);
    expect((await ask('hub-east')).hub).toBe('HUB-EAST');
  });

  it('says "not configured" for a configured directory', () => {
    expect(new UnknownHubError('x-hub', ['a-hub']).message).toBe(
      'IoT hub "x-hub" is not configured. Known hubs: a-hub.',
    );
  });

  it("fills what an entry leaves out with the backend's default target and tables, and lists each place once", () => {
    const backend = new LocalLogsBackend(new LocalLogsEngine()).description;
    // The embedded engine's tables include the Event Grid connection events it can load.
    const home = { target: backend.defaultTarget, tables: backend.tables };
    const east = { kind: 'workspace', id: 'ws-east' } as const;
    const archive = { diagnostics: 'IotHubLogs', metrics: 'IotHubMetrics' };
    expect(placeOf(undefined, backend)).toEqual(home);
    expect(placeOf({ target: east }, backend)).toEqual({ target: east, tables: backend.tables });
    expect(placeOf({ tables: archive }, backend)).toEqual({ target: backend.defaultTarget, tables: archive });
    expect(placesOf(undefined, backend)).toEqual([home]);
    expect(placesOf({}, backend)).toEqual([home]);
    expect(
      placesOf({ a: { target: east }, b: { target: { kind: 'workspace', id: 'ws-east' } }, c: {} }, backend),
    ).toEqual([{ target: east, tables: backend.tables }, home]);
  });
});
