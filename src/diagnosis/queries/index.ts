export * from './kql-query';
export * from './device-connections';
export * from './device-dps';
export * from './hub-disconnect-bins';
export * from './data-presence';
export * from './known-device-ids';
export * from './fleet-queries';
export * from './log-resources';
