/** How a webhook route authenticates its sender: a shared key, an Entra ID bearer token, or both. */
export interface WebhookAuthConfig {
  /** Shared key (`?code=` or the route's header). */
  readonly webhookSecret?: string;
  /** The bearer token is accepted when its audience is one of these and it carries the app role. */
  readonly entra?: {
    readonly tenantId: string;
    readonly audiences: readonly string[];
    readonly requiredRole: string;
  };
}

/**
 * One reading for every webhook (/api/alerts, /api/events): the key must be long enough, an
 * audience needs a tenant (its own, else the bot's). `names` are the variables, for the problems.
 */
export function readWebhookAuth(
  values: {
    readonly secret: string | undefined;
    readonly audiences: readonly string[];
    readonly tenantId: string | undefined;
    readonly role: string;
  },
  names: { readonly secret: string; readonly audience: string; readonly tenant: string },
  wording: { readonly route: string; readonly tokenIssuer: string },
  problems: string[],
): WebhookAuthConfig {
  if (values.secret !== undefined && values.secret.length < 16) {
    problems.push(
      `${names.secret}: must be at least 16 characters (it is the only thing guarding ${wording.route}); e.g. openssl rand -hex 24`,
    );
  }
  if (values.audiences.length > 0 && !values.tenantId) {
    problems.push(
      `${names.tenant}: required with ${names.audience} (or set MicrosoftAppTenantId); the tenant of the ${wording.tokenIssuer} app registration`,
    );
  }
  return {
    ...(values.secret ? { webhookSecret: values.secret } : {}),
    ...(values.audiences.length > 0
      ? {
          entra: {
            tenantId: values.tenantId ?? '',
            audiences: values.audiences,
            requiredRole: values.role,
          },
        }
      : {}),
  };
}
