/**
 * A simulated device's stable traits (SDK, protocol, IP, credential type) and shorthands to emit
 * its Connections and DPS records.
 */
import { AUTH_TYPE, DEVICE_SDKS, maskedIp, type DeviceSdk, type Protocol } from './fleet-resources';
import type { Prng } from './prng';
import { connectionEvent, dpsEvent, type HubCategory, type HubError, type SimEvent } from './records';

export interface DeviceProfile {
  readonly deviceId: string;
  readonly sdk: DeviceSdk;
  readonly protocol: Protocol;
  readonly maskedIpAddress: string;
  readonly authType: string;
}

export function makeProfile(
  rng: Prng,
  deviceId: string,
  sdkKey: DeviceSdk['key'],
  options: { protocol?: Protocol; x509?: boolean } = {},
): DeviceProfile {
  const sdk = DEVICE_SDKS[sdkKey];
  return {
    deviceId,
    sdk,
    protocol: options.protocol ?? rng.pick(sdk.protocols),
    maskedIpAddress: maskedIp((items) => rng.pick(items), rng.int(1, 254)),
    authType: options.x509 ? AUTH_TYPE.x509 : AUTH_TYPE.sas,
  };
}

export function connect(profile: DeviceProfile, timeInMs: number, error?: HubError): SimEvent {
  return connectionEvent({
    timeInMs,
    operation: 'deviceConnect',
    deviceId: profile.deviceId,
    protocol: profile.protocol,
    maskedIpAddress: profile.maskedIpAddress,
    sdkVersion: profile.sdk.sdkVersion,
    authType: profile.authType,
    ...(error ? { error } : {}),
  });
}

export function disconnect(profile: DeviceProfile, timeInMs: number, error?: HubError): SimEvent {
  return connectionEvent({
    timeInMs,
    operation: 'deviceDisconnect',
    deviceId: profile.deviceId,
    protocol: profile.protocol,
    maskedIpAddress: profile.maskedIpAddress,
    ...(error ? { error } : {}),
  });
}

/** A failed device-to-cloud send, logged under DeviceTelemetry (e.g. 429001 throttling, 403002 quota). */
export function telemetryError(profile: DeviceProfile, timeInMs: number, error: HubError): SimEvent {
  return connectionEvent({
    timeInMs,
    operation: 'deviceDisconnect',
    category: 'DeviceTelemetry',
    operationName: 'ingress',
    deviceId: profile.deviceId,
    protocol: profile.protocol,
    maskedIpAddress: profile.maskedIpAddress,
    error,
  });
}

/**
 * A failed operation of the device in another IoT Hub category: a cloud-to-device send the hub
 * refused (C2DCommands), a direct method it could not deliver (DirectMethods), a file upload it
 * refused (FileUploadOperations).
 */
export function hubOperationError(
  profile: DeviceProfile,
  timeInMs: number,
  category: Exclude<HubCategory, 'Connections'>,
  operationName: string,
  error: HubError,
): SimEvent {
  return connectionEvent({
    timeInMs,
    operation: 'deviceDisconnect',
    category,
    operationName,
    deviceId: profile.deviceId,
    protocol: profile.protocol,
    maskedIpAddress: profile.maskedIpAddress,
    error,
  });
}

/** A device-side DPS registration attempt (DeviceOperations) with the given HTTP status. */
export function register(
  rng: Prng,
  profile: DeviceProfile,
  timeInMs: number,
  status: number,
  description?: string,
): SimEvent {
  return dpsEvent({
    timeInMs,
    category: 'DeviceOperations',
    operationName: 'AttestationAttempt',
    status,
    ...(description ? { description } : {}),
    id: profile.deviceId,
    type: 'Registration',
    protocol: profile.protocol === 'Https' ? 'Http' : profile.protocol.startsWith('Amqp') ? 'Amqp' : 'Mqtt',
    callerIpAddress: profile.maskedIpAddress,
    correlationId: rng.guid(),
    durationMs: status === 200 ? rng.int(180, 950) : rng.int(25, 240),
  });
}
