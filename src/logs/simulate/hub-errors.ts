/**
 * IoT Hub errors as the Connections log reports them (ResultType, ResultDescription, errorMessage).
 * The 401003 messages are the service's English wording listed in findings.md; the detectors
 * recognize the sub-causes of 401003 by these texts.
 */
import type { HubError } from './records';

const HELP_401003 =
  'https://learn.microsoft.com/azure/iot-hub/troubleshoot-error-codes#401003-iothubunauthorized';
const HELP_404104 =
  'https://learn.microsoft.com/azure/iot-hub/troubleshoot-error-codes#404104-deviceconnectionclosedremotely';

export const HUB_ERRORS = {
  /** The hub drops an MQTT connection whose SAS token expired (token renewal, or unexplained). */
  unauthorizedTokenExpired: { code: '401003', name: 'IoTHubUnauthorized', errorMessage: HELP_401003 },
  authHeaderMissing: {
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: 'Authorization header missing',
  },
  deviceNotInHub: (hub: string, deviceId: string): HubError => ({
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: `IotHub '${hub}' does not contain the specified device '${deviceId}'`,
  }),
  ruleDenied: (rule: string, operation: string): HubError => ({
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: `Authorization rule '${rule}' does not allow access for '${operation}'`,
  }),
  credentialsExpired: {
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: 'Authentication failed for this device, renew token or certificate and reconnect',
  },
  thumbprintMismatch: (sha1: string, sha2: string, primary: string, secondary: string): HubError => ({
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: `Thumbprint does not match configuration: Thumbprint: SHA1Hash=${sha1}, SHA2Hash=${sha2}; Configuration: PrimaryThumbprint=${primary}, SecondaryThumbprint=${secondary}`,
  }),
  principalNotAuthorized: (principal: string, operation: string, resource: string): HubError => ({
    code: '401003',
    name: 'IoTHubUnauthorized',
    errorMessage: `Principal ${principal} is not authorized for ${operation} on ${resource} due to no assigned permissions`,
  }),
  closedRemotely: { code: '404104', name: 'DeviceConnectionClosedRemotely', errorMessage: HELP_404104 },
  duplicateConnection: {
    code: '400027',
    name: 'ConnectionForcefullyClosedOnNewConnection',
    errorMessage:
      'The connection was closed because a new connection was opened with the same device identity',
  },
  quotaExceeded: (hub: string): HubError => ({
    code: '403002',
    name: 'IotHubQuotaExceeded',
    errorMessage: `Total number of messages on IotHub '${hub}' exceeded the allocated quota. Max allowed message count: '8000000', current message count: '8000117'. Reset the quota or add units.`,
  }),
  deviceDisabled: (deviceId: string): HubError => ({
    code: '403012',
    name: 'DeviceDisabled',
    errorMessage: `Device '${deviceId}' is disabled. Enable the device identity to allow it to connect`,
  }),
  deviceNotFound: (deviceId: string): HubError => ({
    code: '404001',
    name: 'DeviceNotFound',
    errorMessage: `The device '${deviceId}' is not registered in the IoT hub`,
  }),
  linkConflict: {
    code: '409002',
    name: 'LinkCreationConflict',
    errorMessage:
      'A link with the same name already exists on this connection; the device opened a duplicate link',
  },
  throttled: {
    code: '429001',
    name: 'ThrottlingException',
    errorMessage: 'The IoT hub is throttling requests. Retry with exponential backoff',
  },
  serverError: { code: '500001', name: 'ServerError', errorMessage: 'An internal error occurred' },
  partitionNotFound: {
    code: '503003',
    name: 'PartitionNotFound',
    errorMessage: 'The partition was not found. Retry the request',
  },
  gatewayTimeout: {
    code: '504101',
    name: 'GatewayTimeout',
    errorMessage: 'The gateway timed out waiting for the device',
  },
  serviceUpgradeClosed: {
    code: '400029',
    name: 'ConnectionForcefullyClosedOnFaultInjection',
    errorMessage: 'The connection was closed during a service upgrade. Reconnect to continue',
  },
  serviceUpgradeRejected: {
    code: '400030',
    name: 'ConnectionRejectedOnFaultInjection',
    errorMessage: 'The connection was rejected during a service upgrade. Retry the connection',
  },
  cbsTokenLimit: {
    code: '403005',
    name: 'IotHubMaxCbsTokenExceeded',
    errorMessage: 'The number of CBS tokens on this AMQP connection exceeded the limit',
  },
  c2dQueueFull: (deviceId: string): HubError => ({
    code: '403004',
    name: 'DeviceMaximumQueueDepthExceeded',
    errorMessage: `The cloud-to-device queue of device '${deviceId}' is full: maximum queue depth of 50 messages exceeded`,
  }),
  c2dLockLost: {
    code: '412002',
    name: 'DeviceMessageLockLost',
    errorMessage: 'The lock on the message was lost before it was completed',
  },
  deviceNotOnline: (deviceId: string): HubError => ({
    code: '404103',
    name: 'DeviceNotOnline',
    errorMessage: `Device '${deviceId}' is not online or has not subscribed to direct methods`,
  }),
  fileUploadLimit: {
    code: '403006',
    name: 'DeviceMaximumActiveFileUploadLimitExceeded',
    errorMessage: 'Number of active file upload requests cannot exceed 10',
  },
} as const satisfies Record<string, HubError | ((...args: never[]) => HubError)>;
