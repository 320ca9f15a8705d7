import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/** A public key as a JWKS entry, the way the Bot Framework and Entra publish them. */
export interface PublicJwk {
  readonly kty: 'RSA';
  readonly use: 'sig';
  readonly kid: string;
  readonly n: string;
  readonly e: string;
  readonly endorsements?: readonly string[];
}

/**
 * A locally generated RSA signing key standing in for the Bot Framework's or Entra's token
 * service, so authentication can be tested without the internet. Signs RS256 JWTs with whatever
 * header and claims a test needs (including wrong ones).
 */
export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(kid = `test-key-${randomUUID()}`) {
    this.kid = kid;
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  jwk(endorsements?: readonly string[]): PublicJwk {
    const exported = this.publicKey.export({ format: 'jwk' });
    return {
      kty: 'RSA',
      use: 'sig',
      kid: this.kid,
      n: String(exported.n),
      e: String(exported.e),
      ...(endorsements ? { endorsements } : {}),
    };
  }

  /** A compact JWS; `header` overrides `alg`/`kid`/`typ` when a test wants a broken token. */
  sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...header })}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256')
      .update(signingInput)
      .sign(this.privateKey)
      .toString('base64url');
    return `${signingInput}.${signature}`;
  }
}

/** Seconds since the epoch, as JWT time claims want them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
