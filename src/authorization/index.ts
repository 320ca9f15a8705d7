/** Who may do what: tenant allow-list, roles (by object id or group), refusal texts and the audit log. */
export * from './access-policy';
export * from './audit-log';
export * from './protected-actions';
export * from './refusal-text';
export * from './roles';
export * from './entra-token';
export * from './group-membership';
export * from './graph-group-membership';
export * from './cached-group-membership';
export * from './group-authorization';
