import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEntraBearer, type SigningKeySource } from '../../src/authorization/entra-token';
import { MAX_EVENTS_BODY_BYTES } from '../../src/hosting/events-route';
import { LiveConnectionStore } from '../../src/live/connection-store';
import { FileStore } from '../../src/storage/file-store';
import { epochSeconds, TokenSigner } from '../hardening/token-signer';
import {
  HUB,
  cloudEvent,
  connectionEvent,
  isoAt,
  lifecycleEvent,
  seededRandom,
  shuffle,
  validationEvent,
  type ConnectionEventSpec,
  expectedState,
  randomHistories,
} from '../live/event-fixtures';
import { startEventsServer, type RunningEventsServer } from '../live/events-server';
import { memoryLogger } from '../support/memory-log';

const SECRET = 'events-secret-0123456789abcdef';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AUDIENCE = 'api://iot-triage-events';
const ROLE = 'AzureEventGridSecureWebhookSubscriber';

describe('POST/OPTIONS /api/events over a real HTTP server and a file store', () => {
  const folders: string[] = [];
  const signer = new TokenSigner();
  const keys: SigningKeySource = {
    key: async (kid) =>
      kid === signer.kid ? createPublicKey({ key: { ...signer.jwk() }, format: 'jwk' }) : undefined,
  };
  let keysDown = false;
  const bearer = (header: string) => {
    if (keysDown) return Promise.reject(new Error('JWKS 503'));
    return validateEntraBearer(header, { tenantId: TENANT, audiences: [AUDIENCE], requiredRole: ROLE }, keys);
  };
  const log = memoryLogger([SECRET]);
  let folder: string;
  let server: RunningEventsServer;

  const newFolder = () => {
    const made = mkdtempSync(path.join(os.tmpdir(), 'live-events-'));
    folders.push(made);
    return made;
  };

  beforeAll(async () => {
    folder = newFolder();
    server = await startEventsServer({
      store: new FileStore(folder),
      logger: log.logger,
      secret: SECRET,
      bearer,
    });
  });
  afterAll(async () => {
    await server?.stop();
    folders.forEach((f) => rmSync(f, { recursive: true, force: true }));
  });

  const post = (
    body: unknown,
    { query = `?code=${SECRET}`, headers = {} }: { query?: string; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${server.base}/api/events${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const token = (overrides: Record<string, unknown> = {}) => {
    const now = epochSeconds(new Date());
    return `Bearer ${signer.sign({
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: AUDIENCE,
      roles: [ROLE],
      appid: '4962773b-9cdb-44cf-a8bf-237846a00ab7',
      nbf: now - 60,
      exp: now + 3600,
      ...overrides,
    })}`;
  };

  describe('handshakes', () => {
    it('answers the Event Grid validation event with its code, authenticated by key or by token', async () => {
      const byKey = await post([validationEvent('512d38b6-c7b8-40c8-89fe-f46f9e9622b6')]);
      expect(byKey.status).toBe(200);
      expect(await byKey.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
      const byToken = await post([validationEvent('code-2')], {
        query: '',
        headers: { authorization: token() },
      });
      expect(await byToken.json()).toEqual({ validationResponse: 'code-2' });
    });

    it('does not answer the validation event to a stranger', async () => {
      const response = await post([validationEvent('code-3')], { query: '' });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('code-3');
    });

    it('grants the CloudEvents abuse-protection handshake to Event Grid, with the rate asked for', async () => {
      const response = await fetch(`${server.base}/api/events`, {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net', 'WebHook-Request-Rate': '120' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
      expect(response.headers.get('webhook-allowed-rate')).toBe('120');
      const noRate = await fetch(`${server.base}/api/events`, {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
      });
      expect(noRate.headers.get('webhook-allowed-rate')).toBe('*');
    });

    it('refuses the handshake to other origins (403) and without an origin (400)', async () => {
      const other = await fetch(`${server.base}/api/events`, {
        method: 'OPTIONS',
        headers: { 'WebHook-Request-Origin': 'eventemitter.example.com' },
      });
      expect(other.status).toBe(403);
      expect(other.headers.get('webhook-allowed-origin')).toBeNull();
      expect((await fetch(`${server.base}/api/events`, { method: 'OPTIONS' })).status).toBe(400);
    });
  });

  describe('authentication and refusals, as /api/alerts answers them', () => {
    const one = () => [connectionEvent({ deviceId: 'auth-probe', kind: 'DeviceConnected', n: 1 })];

    it('401 without credentials, 403 with a wrong key (query or header), neither logged', async () => {
      expect((await post(one(), { query: '' })).status).toBe(401);
      expect((await post(one(), { query: '?code=not-the-key-at-all' })).status).toBe(403);
      expect((await post(one(), { query: '', headers: { 'x-events-secret': 'wrong' } })).status).toBe(403);
      expect((await post(one(), { query: '', headers: { 'x-events-secret': SECRET } })).status).toBe(200);
      expect(log.text()).not.toContain('not-the-key-at-all');
      expect(log.text()).not.toContain(SECRET);
    });

    it.each<[string, Record<string, unknown>]>([
      ['another audience', { aud: 'api://someone-else' }],
      ['the action groups role instead of Event Grid', { roles: ['ActionGroupsSecureWebhook'] }],
      ['an expired token', { exp: epochSeconds(new Date()) - 600 }],
      ['another tenant', { iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' }],
    ])('401 for a bearer token with %s (the key is not a fallback)', async (_name, overrides) => {
      const response = await post(one(), {
        query: `?code=${SECRET}`,
        headers: { authorization: token(overrides) },
      });
      expect(response.status).toBe(401);
    });

    it('200 for a valid Event Grid token; 503 with Retry-After when the signing keys cannot be fetched', async () => {
      expect((await post(one(), { query: '', headers: { authorization: token() } })).status).toBe(200);
      keysDown = true;
      try {
        const response = await post(one(), { query: '', headers: { authorization: token() } });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('10');
      } finally {
        keysDown = false;
      }
    });

    it('400 for a body that is no delivery, or bad JSON; 415 for another content type', async () => {
      const notDelivery = await post({ hello: 'world' });
      expect(notDelivery.status).toBe(400);
      expect(((await notDelivery.json()) as { error: string }).error).toMatch(/Event Grid delivery/);
      expect((await post('[{"id": ')).status).toBe(400);
      const text = await fetch(`${server.base}/api/events?code=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      });
      expect(text.status).toBe(415);
    });

    it('400 naming the field of a bad event, after storing the good ones of the batch', async () => {
      const bad = connectionEvent({ deviceId: 'bad-batch-2', kind: 'DeviceDisconnected', n: 5 });
      (bad['data'] as Record<string, unknown>)['deviceConnectionStateEventInfo'] = {
        sequenceNumber: 'not hex',
      };
      const response = await post([
        connectionEvent({ deviceId: 'bad-batch-1', kind: 'DeviceConnected', n: 4 }),
        bad,
      ]);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { field: string; stored: number };
      expect(body.field).toBe('data.deviceConnectionStateEventInfo.sequenceNumber');
      expect(body.stored).toBe(1);
      expect((await server.states.get(HUB, 'bad-batch-1'))?.state).toBe('connected');
      expect(await server.states.get(HUB, 'bad-batch-2')).toBeUndefined();
    });

    it('413 for a body over 1 MB', async () => {
      const big = [connectionEvent({ deviceId: 'big', kind: 'DeviceConnected', n: 1 })];
      (big[0] as Record<string, unknown>)['padding'] = 'x'.repeat(MAX_EVENTS_BODY_BYTES);
      expect((await post(big)).status).toBe(413);
    });

    it('ignores (200) event types it does not keep, such as telemetry', async () => {
      const telemetry = { ...connectionEvent({ deviceId: 'tele', kind: 'DeviceConnected', n: 1 }) };
      telemetry['eventType'] = 'Microsoft.Devices.DeviceTelemetry';
      telemetry['data'] = { body: { temperature: 21 } };
      const response = await post([telemetry]);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ received: 1, ignored: 1, stored: 0 });
    });
  });

  describe('CloudEvents 1.0 deliveries', () => {
    it('stores a structured single event and a batch', async () => {
      const single = await post(cloudEvent({ deviceId: 'ce-1', kind: 'DeviceDisconnected', n: 10 }), {
        headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      });
      expect(single.status).toBe(200);
      const batch = await post(
        [
          cloudEvent({ deviceId: 'ce-1', kind: 'DeviceConnected', n: 12 }),
          cloudEvent({ deviceId: 'ce-2', kind: 'DeviceDisconnected', n: 11 }),
        ],
        { headers: { 'content-type': 'application/cloudevents-batch+json' } },
      );
      expect(batch.status).toBe(200);
      expect(await server.states.get(HUB, 'ce-1')).toMatchObject({ state: 'connected', since: isoAt(12) });
      expect(await server.states.get(undefined, 'ce-2')).toMatchObject({
        state: 'disconnected',
        since: isoAt(11),
      });
    });
  });

  describe('ordering by sequence number, durably', () => {
    const random = seededRandom(18);
    const devices = Array.from({ length: 50 }, (_, i) => `sensor-${String(i).padStart(2, '0')}`);
    const unique = randomHistories(random, devices, 18, 60);
    const duplicates = Array.from(
      { length: 100 },
      () => unique[Math.floor(random() * unique.length)] as ConnectionEventSpec,
    );
    const deliveries = shuffle([...unique, ...duplicates], random);

    const expected = (deviceId: string) => expectedState(unique, deviceId);

    it('1,000 shuffled events with duplicates for 50 devices, in batches of 1-10 over 4 connections, end in the state the sequence numbers say', async () => {
      expect(deliveries).toHaveLength(1000);
      const batches: ConnectionEventSpec[][] = [];
      for (let i = 0; i < deliveries.length;) {
        const size = 1 + Math.floor(random() * 10);
        batches.push(deliveries.slice(i, i + size));
        i += size;
      }
      const queue = [...batches];
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let batch = queue.shift(); batch; batch = queue.shift()) {
            const response = await post(batch.map(connectionEvent));
            statuses.push(response.status);
          }
        }),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
      for (const deviceId of devices) {
        const { recentDisconnects: _ignored, ...state } = (await server.states.get(HUB, deviceId)) ?? {};
        expect(state).toEqual(expected(deviceId));
      }
      const disconnected = (await server.states.listDisconnected(new Date(Date.parse(isoAt(2000)))))
        .filter((d) => d.deviceId.startsWith('sensor-'))
        .map((d) => d.deviceId)
        .sort();
      expect(disconnected).toEqual(devices.filter((d) => expected(d).state === 'disconnected'));
    });

    it('a redelivery of everything (Event Grid retries) changes nothing', async () => {
      const response = await post(unique.slice(0, 200).map(connectionEvent));
      expect(await response.json()).toMatchObject({ received: 200, stored: 0, unchanged: 200 });
    });

    it('a restart (new process state over the same folder) loses nothing', async () => {
      const restarted = new LiveConnectionStore(new FileStore(folder));
      for (const deviceId of devices) {
        const { recentDisconnects: _ignored, ...state } = (await restarted.get(undefined, deviceId)) ?? {};
        expect(state).toEqual(expected(deviceId));
      }
    });

    it('DeviceDeleted clears the state (and the disconnected list); older events of the deleted identity stay out; DeviceCreated records it again', async () => {
      const target = devices.find((d) => expected(d).state === 'disconnected') as string;
      expect((await post([lifecycleEvent(target, 'DeviceDeleted', 3000)])).status).toBe(200);
      expect(await server.states.get(HUB, target)).toBeUndefined();
      expect((await server.states.registry(HUB, target))?.status).toBe('deleted');
      expect((await server.states.listDisconnected(new Date())).map((d) => d.deviceId)).not.toContain(target);
      // A late redelivery from before the delete does not bring the old identity back.
      await post(unique.filter((s) => s.deviceId === target).map(connectionEvent));
      expect(await server.states.get(HUB, target)).toBeUndefined();
      await post([lifecycleEvent(target, 'DeviceCreated', 3100)]);
      expect((await server.states.registry(HUB, target))?.status).toBe('created');
      await post([connectionEvent({ deviceId: target, kind: 'DeviceConnected', n: 3200 })]);
      expect(await server.states.get(HUB, target)).toMatchObject({ state: 'connected', since: isoAt(3200) });
    });

    it('module events are kept apart from the device', async () => {
      await post([
        connectionEvent({ deviceId: 'edge-1', moduleId: '$edgeHub', kind: 'DeviceDisconnected', n: 50 }),
      ]);
      await post([connectionEvent({ deviceId: 'edge-1', kind: 'DeviceConnected', n: 40 })]);
      expect((await server.states.get(HUB, 'edge-1'))?.state).toBe('connected');
      expect((await server.states.get(HUB, 'edge-1', '$edgeHub'))?.state).toBe('disconnected');
    });
  });

  it('503 with Retry-After when the store cannot write (Event Grid retries)', async () => {
    const broken = newFolder();
    const blocker = path.join(broken, 'file');
    writeFileSync(blocker, '');
    const down = await startEventsServer({
      store: new FileStore(path.join(blocker, 'data')),
      logger: log.logger,
      secret: SECRET,
    });
    try {
      const response = await fetch(`${down.base}/api/events?code=${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([connectionEvent({ deviceId: 'x', kind: 'DeviceConnected', n: 1 })]),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
    } finally {
      await down.stop();
    }
  });
});
