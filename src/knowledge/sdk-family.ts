/**
 * Device SDK families whose behaviour differs enough to change the advice
 * (token renewal above all). Keys of a finding's `sdkNotes`.
 */
export const SDK_FAMILIES = ['dotnet', 'java', 'node', 'python', 'c'] as const;

/** See {@link SDK_FAMILIES}. */
export type SdkFamily = (typeof SDK_FAMILIES)[number];

/** Ordered: the Python prefix must win over the shorter Node prefix it starts with. */
const prefixes: ReadonlyArray<readonly [RegExp, SdkFamily]> = [
  [/^azure-iot-device-iothub-py/i, 'python'],
  [/^azure-iot-device/i, 'node'],
  [/^(\.NET|microsoft\.azure\.devices\.client)/i, 'dotnet'],
  [/^com\.microsoft\.azure\.sdk\.iot/i, 'java'],
  [/^iothubclient/i, 'c'],
  [/^C(\/|\s|$)/, 'c'],
];

/**
 * Maps the `sdkVersion` a `deviceConnect` record carries (log-schema.md) to its SDK
 * family, so SDK-specific notes can be shown. `undefined` when the SDK is unknown
 * (custom MQTT clients usually send no sdkVersion).
 */
export function sdkFamilyFromVersion(sdkVersion: string): SdkFamily | undefined {
  const trimmed = sdkVersion.trim();
  for (const [pattern, family] of prefixes) {
    if (pattern.test(trimmed)) return family;
  }
  return undefined;
}
