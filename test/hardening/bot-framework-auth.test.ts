import nock from 'nock';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { LoopbackChannel } from '../support/loopback-channel';
import { memoryLogger } from '../support/memory-log';
import { epochSeconds, TokenSigner } from './token-signer';
import { releaseNockAfterThisFile } from '../support/nock-lifetime';
import { isolatedEnv } from '../support/temp-dir';

releaseNockAfterThisFile();

/*
 * Inbound Bot Framework authentication, end to end and offline: the real app on a real port,
 * with MicrosoftAppId set, talking to stubs of what botbuilder 4.23 really fetches
 * (botframework-connector/lib/auth):
 *
 *   channel tokens   iss https://api.botframework.com, keys from
 *                    https://login.botframework.com/v1/.well-known/openidconfiguration → jwks_uri
 *   outbound token   POST https://login.microsoftonline.com/{botframework.com | tenant}/oauth2/v2.0/token
 *                    (MultiTenant uses the botframework.com tenant, SingleTenant MicrosoftAppTenantId)
 *
 * Inbound validation is the same for both app types; only the outbound token authority differs.
 */

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SINGLE_TENANT_APP_ID = '33333333-2222-3333-4444-555555555555';
const OTHER_APP_ID = '22222222-3333-4444-5555-666666666666';
const BOT_TENANT_ID = '99999999-8888-7777-6666-555555555555';
const CANARY = 'canary-secret-Zq8vX2pL0wT4';
const OUTBOUND_TOKEN = 'outbound-access-token-from-the-stub';
const CHANNEL_ISSUER = 'https://api.botframework.com';

const signer = new TokenSigner();
const impostor = new TokenSigner(signer.kid); // same key id, different key: a forged signature

interface TokenRequest {
  readonly path: string;
  readonly body: string;
}

describe.each([
  // Different app ids: the SDK caches outbound tokens per app id across adapters in one process.
  { appType: 'MultiTenant', appId: APP_ID, tokenTenant: 'botframework.com' },
  { appType: 'SingleTenant', appId: SINGLE_TENANT_APP_ID, tokenTenant: BOT_TENANT_ID },
] as const)('Bot Framework inbound authentication ($appType)', ({ appType, appId, tokenTenant }) => {
  let app: RunningApp;
  let channel: LoopbackChannel;
  let serviceUrl: string;
  let log: ReturnType<typeof memoryLogger>;
  const tokenRequests: TokenRequest[] = [];
  const responseBodies: string[] = [];
  // The SDK itself writes some failures to console.error (bypassing our logger): check those too.
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      consoleErrors.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
      );
    });
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    nock('https://login.botframework.com')
      .persist()
      .get('/v1/.well-known/openidconfiguration')
      .reply(200, {
        issuer: CHANNEL_ISSUER,
        jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
        id_token_signing_alg_values_supported: ['RS256'],
      })
      .get('/v1/.well-known/keys')
      .reply(200, { keys: [signer.jwk(['msteams'])] });
    nock('https://login.microsoftonline.com')
      .persist()
      .post(/\/oauth2\/v2\.0\/token(\?|$)/)
      .reply(function reply(path, body) {
        tokenRequests.push({ path, body: typeof body === 'string' ? body : JSON.stringify(body) });
        return [
          200,
          { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: OUTBOUND_TOKEN },
        ];
      });

    channel = new LoopbackChannel();
    serviceUrl = await channel.start();
    // No secrets handed to the log's redaction: the canary must stay out of the log on its own.
    log = memoryLogger();
    app = await startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          MicrosoftAppId: appId,
          MicrosoftAppPassword: CANARY,
          MicrosoftAppType: appType,
          ...(appType === 'SingleTenant' ? { MicrosoftAppTenantId: BOT_TENANT_ID } : {}),
        }),
      ),
      { logger: log.logger },
    );
  });

  afterAll(async () => {
    await app.stop();
    await channel.stop();
    nock.cleanAll();
    nock.enableNetConnect();
    jest.restoreAllMocks();
  });

  function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = epochSeconds(new Date());
    return {
      iss: CHANNEL_ISSUER,
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
      ...overrides,
    };
  }

  function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: `activity-${Math.random().toString(36).slice(2)}`,
      text: 'help',
      channelId: 'msteams',
      serviceUrl,
      locale: 'en-US',
      from: { id: 'user-1', aadObjectId: '00000000-0000-0000-0000-000000000001' },
      recipient: { id: 'bot-1' },
      conversation: { id: 'conversation-1', conversationType: 'personal', tenantId: BOT_TENANT_ID },
      ...overrides,
    };
  }

  async function post(body: Record<string, unknown>, authorization?: string): Promise<Response> {
    const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization !== undefined ? { authorization } : {}),
      },
      body: JSON.stringify(body),
    });
    responseBodies.push(await response.clone().text());
    return response;
  }

  const refusals: [string, () => { token?: string; activity?: Record<string, unknown> }][] = [
    ['no Authorization header', () => ({})],
    [
      'a token from an unknown issuer',
      () => ({ token: signer.sign(claims({ iss: 'https://evil.example' })) }),
    ],
    [
      'a token for another bot (wrong audience)',
      () => ({ token: signer.sign(claims({ aud: OTHER_APP_ID })) }),
    ],
    [
      'an expired token (beyond the 5 min clock skew)',
      () => ({ token: signer.sign(claims({ exp: epochSeconds(new Date()) - 600 })) }),
    ],
    [
      'a token not valid yet',
      () => ({ token: signer.sign(claims({ nbf: epochSeconds(new Date()) + 3600 })) }),
    ],
    ['a forged signature (same key id, other key)', () => ({ token: impostor.sign(claims()) })],
    ['a key id the channel never published', () => ({ token: new TokenSigner().sign(claims()) })],
    [
      'an unsigned token (alg none)',
      () => ({ token: `${signer.sign(claims(), { alg: 'none' }).split('.').slice(0, 2).join('.')}.` }),
    ],
    ['a malformed token', () => ({ token: 'not.a.jwt' })],
    [
      'a serviceurl claim that does not match the activity',
      () => ({ token: signer.sign(claims({ serviceurl: 'https://smba.trafficmanager.net/evil/' })) }),
    ],
    [
      'a token without a serviceurl claim',
      () => {
        const { serviceurl: _omitted, ...rest } = claims();
        return { token: signer.sign(rest) };
      },
    ],
    [
      'a key endorsed for msteams used on another channel',
      () => ({ token: signer.sign(claims()), activity: activity({ channelId: 'webchat' }) }),
    ],
  ];

  it.each(refusals)('refuses %s with 401 and sends nothing', async (_name, make) => {
    const before = channel.received.length;
    const { token, activity: body } = make();
    const response = await post(body ?? activity(), token === undefined ? undefined : `Bearer ${token}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized.' });
    expect(channel.received.length).toBe(before);
  });

  it('accepts a valid channel token, answers 200 and replies with its own outbound token', async () => {
    const before = channel.received.length;
    const response = await post(activity(), `Bearer ${signer.sign(claims())}`);
    expect(response.status).toBe(200);
    await channel.waitForActivities(before + 1);
    const reply = channel.received[before];
    expect(reply?.path).toMatch(/^\/v3\/conversations\/conversation-1\/activities\//);
    expect(reply?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    // The bot asked its own tenant's authority (or botframework.com) for that token, as itself.
    const request = tokenRequests.at(-1);
    expect(request?.path.split('?')[0]).toBe(`/${tokenTenant}/oauth2/v2.0/token`);
    expect(new URLSearchParams(request?.body).get('client_id')).toBe(appId);
    expect(new URLSearchParams(request?.body).get('scope')).toBe('https://api.botframework.com/.default');
  });

  it('keeps the app password and every token out of logs and HTTP bodies', () => {
    expect(responseBodies.length).toBeGreaterThan(refusals.length);
    const everything = [
      log.text(),
      ...responseBodies,
      ...channel.received.map((r) => JSON.stringify(r.body)),
    ];
    for (const text of everything) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(OUTBOUND_TOKEN);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    }
    // The refusals were logged with their reason, for whoever investigates.
    const refused = log
      .lines()
      .filter((l) => l['msg'] === 'Refused an unauthenticated request to /api/messages');
    expect(refused.length).toBe(refusals.length);
    expect(refused.every((l) => typeof l['reason'] === 'string' && l['status'] === 401)).toBe(true);
  });
});

describe('Bot Framework inbound authentication when the channel keys cannot be fetched', () => {
  it('answers 503 with Retry-After (the channel retries) and no error text', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    // A metadata URL no earlier test cached: the emulator/Entra path (iss sts.windows.net/<tid>/).
    nock('https://login.microsoftonline.com')
      .get('/common/v2.0/.well-known/openid-configuration')
      .reply(500, 'upstream broke: secret-ish detail');
    const log = memoryLogger();
    const app = await startApp(
      readConfig(
        isolatedEnv({ PORT: '0', NODE_ENV: 'test', MicrosoftAppId: APP_ID, MicrosoftAppPassword: CANARY }),
      ),
      { logger: log.logger },
    );
    try {
      const now = epochSeconds(new Date());
      const token = signer.sign({
        iss: `https://sts.windows.net/${BOT_TENANT_ID}/`,
        tid: BOT_TENANT_ID,
        appid: APP_ID,
        ver: '1.0',
        aud: APP_ID,
        nbf: now - 60,
        exp: now + 3600,
      });
      const response = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          type: 'message',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
          from: { id: 'u' },
          recipient: { id: 'b' },
          conversation: { id: 'c' },
        }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      const text = await response.text();
      expect(text).not.toContain('upstream');
      expect(text).not.toContain(CANARY);
    } finally {
      await app.stop();
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});
