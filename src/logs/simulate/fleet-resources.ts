/**
 * The simulated Azure resources and device SDKs. Values copy the shapes of real records
 * (log-schema.md) so that the bot's KQL and detectors see exactly what they would see in Azure.
 */
const SUBSCRIPTION_ID = '7c1b4e2a-5f3d-4a8e-9b6c-2d1e0f3a4b5c';
const RESOURCE_GROUP = 'RG-IOT-FLEET-PROD';

export interface SimulatedResource {
  readonly name: string;
  readonly resourceType: string;
  /** ARM id, upper-cased as in `ResourceId`. */
  readonly resourceId: string;
}

function armId(resourceType: string, name: string): string {
  return `/SUBSCRIPTIONS/${SUBSCRIPTION_ID}/RESOURCEGROUPS/${RESOURCE_GROUP}/PROVIDERS/MICROSOFT.DEVICES/${resourceType}/${name}`.toUpperCase();
}

export const REGION = 'koreacentral';
export const SIMULATED_SUBSCRIPTION_ID = SUBSCRIPTION_ID;
export const SIMULATED_RESOURCE_GROUP = RESOURCE_GROUP;

export const SIMULATED_HUB: SimulatedResource = {
  name: 'CONTOSO-FLEET-HUB',
  resourceType: 'IOTHUBS',
  resourceId: armId('IOTHUBS', 'CONTOSO-FLEET-HUB'),
};

export const SIMULATED_DPS: SimulatedResource = {
  name: 'CONTOSO-FLEET-DPS',
  resourceType: 'PROVISIONINGSERVICES',
  resourceId: armId('PROVISIONINGSERVICES', 'CONTOSO-FLEET-DPS'),
};

/** The host name devices are assigned to, as DPS reports it. */
export const HUB_HOST_NAME = 'contoso-fleet-hub.azure-devices.net';

export type Protocol = 'Mqtt' | 'MqttWs' | 'Amqp' | 'AmqpWs' | 'Https';

export interface DeviceSdk {
  readonly key: 'dotnet' | 'node' | 'python' | 'java' | 'c';
  /** Exactly as the SDK reports it in `sdkVersion` on `deviceConnect`. */
  readonly sdkVersion: string;
  readonly protocols: readonly Protocol[];
}

export const DEVICE_SDKS: Readonly<Record<DeviceSdk['key'], DeviceSdk>> = {
  dotnet: {
    key: 'dotnet',
    sdkVersion: '.NET/1.42.3 (.NET 8.0.6; Ubuntu 22.04.4 LTS; X64)',
    protocols: ['Mqtt', 'Amqp', 'MqttWs'],
  },
  node: {
    key: 'node',
    sdkVersion: 'azure-iot-device/1.18.3 (node v20.11.1; Linux 5.15; x64)',
    protocols: ['Mqtt', 'Amqp'],
  },
  python: { key: 'python', sdkVersion: 'azure-iot-device-iothub-py/2.13.0', protocols: ['Mqtt', 'MqttWs'] },
  java: {
    key: 'java',
    sdkVersion: 'com.microsoft.azure.sdk.iot.iot-device-client/2.5.0',
    protocols: ['Mqtt', 'Amqp'],
  },
  c: {
    key: 'c',
    sdkVersion: 'iothubclient/1.11.0 (native; Linux; x86_64)',
    protocols: ['Mqtt', 'Amqp', 'Https'],
  },
};

/** `authType` as IoT Hub writes it on connects: itself a JSON string inside properties_s. */
export const AUTH_TYPE = {
  sas: '{"scope":"device","type":"sas","issuer":"iothub","acceptingIpFilterRule":null}',
  x509: '{"scope":"device","type":"x509Certificate","issuer":"external","acceptingIpFilterRule":null}',
} as const;

/** Public prefixes of Korean mobile and broadband carriers; the hub masks the last octet. */
const IP_PREFIXES = [
  '211.36',
  '175.223',
  '121.134',
  '223.38',
  '58.120',
  '112.169',
  '39.7',
  '110.70',
  '14.52',
  '106.101',
];

export function maskedIp(pick: <T>(items: readonly T[]) => T, octet: number): string {
  return `${pick(IP_PREFIXES)}.${octet}.XXX`;
}
