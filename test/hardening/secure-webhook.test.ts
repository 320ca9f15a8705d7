import nock from 'nock';
import { readConfig } from '../../src/config/config';
import { startApp, type RunningApp } from '../../src/index';
import { MemoryStore } from '../../src/storage/memory-store';
import { alertId, logSearchAlert } from '../alerts/payloads';
import { memoryLogger } from '../support/memory-log';
import { epochSeconds, TokenSigner } from './token-signer';
import { releaseNockAfterThisFile } from '../support/nock-lifetime';
import { isolatedEnv } from '../support/temp-dir';

releaseNockAfterThisFile();

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AUDIENCE = 'api://iot-triage-alerts';
const ROLE = 'ActionGroupsSecureWebhook';

/*
 * Azure Monitor "secure webhook" on the real /api/alerts: the action group's Entra ID bearer
 * token is checked against the tenant's JWKS (stubbed with nock, fetched by the real code), so
 * the shared secret is not needed. Wrong issuer, audience, role, lifetime or signature → 401.
 */
describe('POST /api/alerts with an Entra ID bearer token (secure webhook)', () => {
  let app: RunningApp;
  let base: string;
  const signer = new TokenSigner();
  const impostor = new TokenSigner(signer.kid);
  const log = memoryLogger();
  let keyFetches = 0;
  let alertNumber = 0;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith('127.0.0.1'));
    nock('https://login.microsoftonline.com')
      .persist()
      .get(`/${TENANT}/discovery/v2.0/keys`)
      .reply(() => {
        keyFetches++;
        return [200, { keys: [signer.jwk()] }];
      });
    app = await startApp(
      readConfig(
        isolatedEnv({
          PORT: '0',
          NODE_ENV: 'test',
          ALERT_WEBHOOK_AUDIENCE: AUDIENCE,
          ALERT_WEBHOOK_TENANT_ID: TENANT,
        }),
      ),
      { logger: log.logger, storage: new MemoryStore(), alertPollInMs: 50 },
    );
    base = `http://127.0.0.1:${app.port}`;
  });

  afterAll(async () => {
    await app.stop();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = epochSeconds(new Date());
    return {
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: AUDIENCE,
      roles: [ROLE],
      appid: '461e8683-5575-4561-ac7f-899cc907d62a',
      nbf: now - 60,
      exp: now + 3600,
      ...overrides,
    };
  }

  const post = (authorization?: string) =>
    fetch(`${base}/api/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(logSearchAlert({ id: alertId(++alertNumber) })),
    });

  it('accepts a valid token (v1 and v2 issuers)', async () => {
    expect((await post(`Bearer ${signer.sign(claims())}`)).status).toBe(202);
    const v2 = claims({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` });
    expect((await post(`Bearer ${signer.sign(v2)}`)).status).toBe(202);
  });

  it.each<[string, () => string | undefined]>([
    ['no credentials at all', () => undefined],
    [
      'another tenant',
      () => signer.sign(claims({ iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' })),
    ],
    ['another audience', () => signer.sign(claims({ aud: 'api://someone-else' }))],
    ['no app role', () => signer.sign(claims({ roles: [] }))],
    ['another app role', () => signer.sign(claims({ roles: ['Reader'] }))],
    ['an expired token', () => signer.sign(claims({ exp: epochSeconds(new Date()) - 600 }))],
    ['a token not valid yet', () => signer.sign(claims({ nbf: epochSeconds(new Date()) + 3600 }))],
    ['a forged signature', () => impostor.sign(claims())],
    ['an unknown key id', () => new TokenSigner().sign(claims())],
    ['alg none', () => `${signer.sign(claims(), { alg: 'none' }).split('.').slice(0, 2).join('.')}.`],
    ['garbage', () => 'definitely.not.ajwt'],
  ])('refuses %s with 401', async (_name, token) => {
    const t = token();
    const response = await post(t === undefined ? undefined : `Bearer ${t}`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/issuer|audience|role|signature|expired/i);
  });

  it('fetched the keys once, not once per forged key id', () => {
    expect(keyFetches).toBe(1);
  });

  it('logs why a token was refused, never the token', () => {
    const refusals = log.lines().filter((l) => l['msg'] === 'Alert webhook token refused');
    expect(refusals.map((l) => l['reason'])).toEqual(
      expect.arrayContaining([
        'wrong issuer',
        'wrong audience',
        'missing role ActionGroupsSecureWebhook',
        'expired',
        'bad signature',
        'unknown signing key',
      ]),
    );
    expect(log.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });
});
