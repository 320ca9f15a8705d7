/** Who may do what: tenant allow-list, roles, refusal texts and the audit log. Pure apart from the log. */
export * from './access-policy';
export * from './audit-log';
export * from './protected-actions';
export * from './refusal-text';
export * from './roles';
export * from './entra-token';
