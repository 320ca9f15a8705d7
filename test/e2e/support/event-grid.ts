import { randomUUID } from 'node:crypto';
import { SIMULATED_HUB } from '../../../src/logs/simulate/fleet-resources';

/**
 * What an Event Grid subscription on the demo fleet's IoT hub posts (Event Grid schema: an array)
 * when a device connects or disconnects, as learn.microsoft.com/azure/event-grid/event-schema-iot-hub
 * shows it. Written out here rather than from our own parser's types, so the suite checks the bot
 * against Azure's shape, not against itself.
 */
export function connectionStateEvent(
  deviceId: string,
  kind: 'DeviceConnected' | 'DeviceDisconnected',
  { at, sequence }: { readonly at: Date; readonly sequence: number },
): Record<string, unknown>[] {
  return [
    {
      id: randomUUID(),
      topic: SIMULATED_HUB.resourceId,
      subject: `devices/${deviceId}`,
      eventType: `Microsoft.Devices.${kind}`,
      eventTime: at.toISOString(),
      data: {
        deviceConnectionStateEventInfo: {
          // 64 hex digits, growing per device: what orders a device's events, never arrival.
          sequenceNumber: sequence.toString(16).toUpperCase().padStart(64, '0'),
        },
        hubName: SIMULATED_HUB.name,
        deviceId,
      },
      dataVersion: '',
      metadataVersion: '1',
    },
  ];
}
