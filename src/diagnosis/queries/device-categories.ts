/**
 * The IoT Hub resource-log categories whose records name a device (`deviceId` in properties_s;
 * monitor-iot-hub-reference, log-schema.md). `TwinQueries`, `JobsOperations`, `Configurations`
 * and `Routes` name none (a query, a job, a configuration, an endpoint), and `DistributedTracing`
 * goes to its own resource-specific table, so a device's diagnosis cannot read them.
 */
export const DEVICE_CATEGORIES = [
  'Connections',
  'DeviceTelemetry',
  'C2DCommands',
  'C2DTwinOperations',
  'D2CTwinOperations',
  'DirectMethods',
  'FileUploadOperations',
  'DeviceIdentityOperations',
  'DeviceStreams',
] as const;

/**
 * The device's categories apart from `Connections`, which a diagnosis reads only for their errors:
 * their successes are one record per message, twin read or method call, which would fill the row
 * cap with noise and push out the connection story; none of them explains a problem.
 */
export const DEVICE_ERROR_CATEGORIES = DEVICE_CATEGORIES.filter((category) => category !== 'Connections');

/**
 * `Category == "Connections" or (Category in (…) and Level == "Error")`: the device's whole story,
 * on two lines so the card's "Show query" stays readable.
 */
export const DEVICE_RECORDS_PREDICATE = `Category == "Connections"\n    or (Category in (${DEVICE_ERROR_CATEGORIES.map(
  (category) => `"${category}"`,
).join(', ')}) and Level == "Error")`;
