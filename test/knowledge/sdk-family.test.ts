import { sdkFamilyFromVersion } from '../../src/knowledge/catalog';

describe('sdkFamilyFromVersion', () => {
  it.each([
    ['.NET/1.38.0 (.NET 6.0; Linux; x64)', 'dotnet'],
    ['microsoft.azure.devices.client/1.41.3', 'dotnet'],
    ['com.microsoft.azure.sdk.iot.iot-device-client/1.34.0', 'java'],
    ['azure-iot-device/1.18.2 (node v18.17.0; Linux; x64)', 'node'],
    ['azure-iot-device-iothub-py/2.12.0', 'python'],
    ['iothubclient/1.11.0 (native; Linux; x86_64)', 'c'],
    ['C/1.1.0', 'c'],
    ['  azure-iot-device/1.18.2  ', 'node'],
  ] as const)('%s → %s', (sdkVersion, family) => {
    expect(sdkFamilyFromVersion(sdkVersion)).toBe(family);
  });

  it.each(['', 'paho-mqtt/1.6', 'com.contoso.gateway/2.0', 'Custom/1.0'])('%p is unknown', (sdkVersion) => {
    expect(sdkFamilyFromVersion(sdkVersion)).toBeUndefined();
  });
});
