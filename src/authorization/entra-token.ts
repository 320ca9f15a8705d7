import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Validation of the Entra ID bearer token an Azure Monitor action group sends to a "secure
 * webhook": signature (RS256, against the tenant's published keys), issuer (the tenant, v1 or v2
 * endpoint), audience (the app registration the action group targets), lifetime (5 min clock
 * skew) and the app role assigned to the action groups' service principal.
 *
 * Written on node:crypto rather than a JWT library: the checks are few and explicit, and every
 * one of them is tested with locally signed tokens.
 */

export interface EntraTokenPolicy {
  /** Entra tenant that issues the tokens. */
  readonly tenantId: string;
  /** Accepted `aud` values: the app registration's client id and/or its application ID URI. */
  readonly audiences: readonly string[];
  /** The app role the caller must hold (`roles` claim), e.g. `ActionGroupsSecureWebhook`. */
  readonly requiredRole: string;
  /** Allowed clock skew; 300 s as in the Bot Framework. */
  readonly clockSkewInSeconds?: number;
}

/** Where signing keys come from: the tenant's JWKS (fetched and cached), or a fixed set in tests. */
export interface SigningKeySource {
  /** The key with this id, or undefined when the tenant does not publish it. */
  key(kid: string): Promise<KeyObject | undefined>;
}

export type TokenCheck =
  | { readonly valid: true; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly valid: false; readonly reason: string };

/** Checks `Authorization: Bearer <jwt>`; never throws for a bad token, only reports why. */
export async function validateEntraBearer(
  authorizationHeader: string | undefined,
  policy: EntraTokenPolicy,
  keys: SigningKeySource,
  now: Date = new Date(),
): Promise<TokenCheck> {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(
    authorizationHeader?.trim() ?? '',
  );
  if (!match) return { valid: false, reason: 'no bearer token' };
  const [, headerPart = '', payloadPart = '', signaturePart = ''] = match;
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims) return { valid: false, reason: 'malformed token' };
  if (header['alg'] !== 'RS256')
    return { valid: false, reason: `algorithm ${String(header['alg'])} not allowed` };
  const kid = header['kid'];
  if (typeof kid !== 'string') return { valid: false, reason: 'no key id' };
  const key = await keys.key(kid);
  if (!key) return { valid: false, reason: 'unknown signing key' };
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    key,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { valid: false, reason: 'bad signature' };

  const tenant = policy.tenantId.toLowerCase();
  const issuers = [`https://sts.windows.net/${tenant}/`, `https://login.microsoftonline.com/${tenant}/v2.0`];
  const issuer = typeof claims['iss'] === 'string' ? claims['iss'].toLowerCase() : '';
  if (!issuers.includes(issuer)) return { valid: false, reason: 'wrong issuer' };
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  if (!audiences.some((aud) => typeof aud === 'string' && policy.audiences.includes(aud))) {
    return { valid: false, reason: 'wrong audience' };
  }
  const skew = policy.clockSkewInSeconds ?? 300;
  const nowInSeconds = now.getTime() / 1000;
  if (typeof claims['exp'] !== 'number' || claims['exp'] + skew < nowInSeconds) {
    return { valid: false, reason: 'expired' };
  }
  if (typeof claims['nbf'] === 'number' && claims['nbf'] - skew > nowInSeconds) {
    return { valid: false, reason: 'not valid yet' };
  }
  const roles = Array.isArray(claims['roles']) ? claims['roles'] : [];
  if (!roles.includes(policy.requiredRole))
    return { valid: false, reason: `missing role ${policy.requiredRole}` };
  return { valid: true, claims };
}

/**
 * The tenant's published signing keys (`https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys`,
 * the same keys sign v1 and v2 tokens), cached; an unknown key id refetches at most once per
 * `minRefreshInMs`, so a flood of forged key ids cannot turn into a flood of fetches.
 */
export class JwksKeySource implements SigningKeySource {
  private keys = new Map<string, KeyObject>();
  private fetchedAtInMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly jwksUrl: string,
    private readonly options: {
      readonly fetch?: typeof fetch;
      readonly now?: () => number;
      readonly minRefreshInMs?: number;
      readonly maxAgeInMs?: number;
    } = {},
  ) {}

  static forTenant(tenantId: string, options?: JwksKeySource['options']): JwksKeySource {
    return new JwksKeySource(
      `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`,
      options,
    );
  }

  async key(kid: string): Promise<KeyObject | undefined> {
    const now = (this.options.now ?? Date.now)();
    const age = now - this.fetchedAtInMs;
    const stale = age > (this.options.maxAgeInMs ?? 24 * 3_600_000);
    const mayRefresh = age > (this.options.minRefreshInMs ?? 5 * 60_000);
    if (stale || (!this.keys.has(kid) && mayRefresh)) await this.refresh(now);
    return this.keys.get(kid);
  }

  private async refresh(now: number): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const response = await (this.options.fetch ?? fetch)(this.jwksUrl);
        if (!response.ok) throw new Error(`JWKS ${response.status}`);
        const body = (await response.json()) as { keys?: unknown };
        const next = new Map<string, KeyObject>();
        for (const jwk of Array.isArray(body.keys) ? body.keys : []) {
          if (typeof jwk !== 'object' || jwk === null) continue;
          const entry = jwk as JsonWebKey & { kid?: unknown };
          if (typeof entry.kid !== 'string' || entry.kty !== 'RSA') continue;
          try {
            next.set(entry.kid, createPublicKey({ key: entry, format: 'jwk' }));
          } catch {
            // One unusable key must not hide the others.
          }
        }
        this.keys = next;
      } finally {
        // Counted as a fetch even when it failed, so an outage is not hammered.
        this.fetchedAtInMs = now;
        this.inFlight = undefined;
      }
    })();
    await this.inFlight;
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
