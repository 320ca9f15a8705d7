/**
 * Event Grid connection-state events are evidence in a device diagnosis (issue 15): saved Event
 * Grid / CloudEvents payloads (test/fixtures/real-shapes) load through the real loader, the real
 * diagnose() queries them in its one batch, the timeline orders them by sequence number, and a last
 * DeviceDisconnected with nothing after it says "still offline" even when no resource logs exist.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CardRenderer, diagnosisCard } from '../../src/cards';
import { diagnose, type Diagnosis } from '../../src/diagnosis';
import type { LogsBackend } from '../../src/logs/backend';
import { loadLocalLogs } from '../../src/logs/local/data-source';
import { LocalLogsBackend } from '../../src/logs/local/local-backend';
import { AZURE_DIAGNOSTICS_TABLES } from '../../src/logs/schema';
import { cardTexts } from '../support/cards';
import { contextFor } from '../cards/fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'real-shapes');
const EVENT_GRID = path.join(FIXTURES, 'event-grid-events.json');
const CLOUDEVENTS_BATCH = path.join(FIXTURES, 'cloudevents-batch.json');
const CLOUDEVENT_SINGLE = path.join(FIXTURES, 'cloudevent-single.json');
const ARCHIVE = path.join(FIXTURES, 'archive-json-lines');
const WINDOW = { start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T11:00:00Z') };
const NOW = new Date('2026-03-02T11:00:00Z');
/** The last of thermostat-0042's three connection events: DeviceConnected, sequence …0A. */
const LAST_CONNECT_ID = 'f6bbf8f4-d365-520d-a878-17bf7238ab04';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'event-grid-evidence-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function backendOf(...files: string[]): Promise<LocalLogsBackend> {
  const { engine } = await loadLocalLogs({
    paths: files,
    demoCacheDir: path.join(scratch, 'no-demo'),
    clock: () => NOW,
  });
  return new LocalLogsBackend(engine);
}

function diagnoseThermostat(logs: LogsBackend, deviceId = 'thermostat-0042'): Promise<Diagnosis> {
  return diagnose({ deviceId, window: WINDOW }, { logs, now: () => NOW });
}

type EventObject = Record<string, unknown> & { id: string };

async function eventsOf(file: string): Promise<EventObject[]> {
  return JSON.parse(await readFile(file, 'utf8')) as EventObject[];
}

/** A real-shaped file derived from a fixture (events dropped, reordered or re-timed). */
async function derived(name: string, events: readonly EventObject[]): Promise<string> {
  const file = path.join(scratch, name);
  await writeFile(file, JSON.stringify(events, null, 2));
  return file;
}

const eventGridRows = (diagnosis: Diagnosis) =>
  diagnosis.timeline.events
    .filter((event) => event.source === 'eventgrid')
    .map((event) => [event.operation, event.sequenceNumber?.slice(-2), event.time.slice(11, 19)]);

describe('Event Grid events as diagnosis evidence', () => {
  it.each([
    ['Event Grid schema', EVENT_GRID],
    ['CloudEvents 1.0 batch', CLOUDEVENTS_BATCH],
  ])(
    '%s: the timeline carries the events, the hub comes from them, and the device is not offline',
    async (_shape, file) => {
      const diagnosis = await diagnoseThermostat(await backendOf(file));
      expect(diagnosis.queries.map((query) => query.name)).toContain('device-connection-state');
      expect(eventGridRows(diagnosis)).toEqual([
        ['DeviceConnected', '01', '10:00:01'],
        ['DeviceDisconnected', '02', '10:15:05'],
        ['DeviceConnected', '0A', '10:16:10'],
      ]);
      expect(diagnosis.timeline.events[0]).toMatchObject({
        source: 'eventgrid',
        category: 'EventGrid',
        hub: 'CONTOSO-FLEET-HUB',
        sequenceNumber: '000000000000000001D4132452F67CE200000002000000000000000000000001',
      });
      expect(diagnosis.hub).toBe('CONTOSO-FLEET-HUB');
      expect(diagnosis.findings.map((f) => f.id)).not.toContain('iothub.offline.no-reconnect');
      // Event Grid's last DeviceConnected is the device's last connect.
      expect(diagnosis.verdict).toEqual({ kind: 'healthy', lastConnect: '2026-03-02T10:16:10.000Z' });
    },
  );

  it('orders a device’s events by sequence number, not by time or by their place in the file', async () => {
    // The reconnect (sequence …0A) is stamped before the disconnect (…02) and comes first in the file.
    const events = (await eventsOf(EVENT_GRID)).map((event) =>
      event.id === LAST_CONNECT_ID ? { ...event, eventTime: '2026-03-02T10:15:00.0000000Z' } : event,
    );
    const file = await derived('crossed-times.json', [...events].reverse());
    const diagnosis = await diagnoseThermostat(await backendOf(file));
    expect(eventGridRows(diagnosis)).toEqual([
      ['DeviceConnected', '01', '10:00:01'],
      ['DeviceDisconnected', '02', '10:15:05'],
      ['DeviceConnected', '0A', '10:15:00'],
    ]);
    // By time the disconnect would be last; by sequence the device reconnected.
    expect(diagnosis.findings.map((f) => f.id)).not.toContain('iothub.offline.no-reconnect');
  });

  it('says the device is still offline when Event Grid’s last event is a disconnect, with no resource logs at all', async () => {
    const batch = (await eventsOf(CLOUDEVENTS_BATCH)).filter((event) => event.id !== LAST_CONNECT_ID);
    const diagnosis = await diagnoseThermostat(await backendOf(await derived('still-offline.json', batch)));
    const offline = diagnosis.findings.find((f) => f.id === 'iothub.offline.no-reconnect');
    expect(offline).toMatchObject({
      params: { deviceId: 'thermostat-0042', since: '2026-03-02 10:15 UTC' },
      evidence: [{ source: 'eventgrid', operation: 'DeviceDisconnected', time: '2026-03-02T10:15:05.000Z' }],
    });
    expect(diagnosis.verdict).toEqual({ kind: 'problem', lastConnect: '2026-03-02T10:00:01.438Z' });
    expect(diagnosis.dataStatus.noData).toBe(false);

    for (const [locale, label] of [
      ['en', 'Event Grid: disconnected'],
      ['ko', 'Event Grid: 연결 끊김'],
    ] as const) {
      const texts = cardTexts(new CardRenderer().renderRequest(diagnosisCard(diagnosis, contextFor(locale))));
      expect(texts.some((text) => text.includes(label))).toBe(true);
    }
  });

  it('takes the cause from the logs’ disconnect before Event Grid’s, and a later Event Grid connect outranks the logs', async () => {
    const batch = (await eventsOf(CLOUDEVENTS_BATCH)).filter((event) => event.id !== LAST_CONNECT_ID);
    const offlineFile = await derived('logs-and-still-offline.json', batch);
    const offline = await diagnoseThermostat(await backendOf(ARCHIVE, offlineFile));
    const finding = offline.findings.find((f) => f.id === 'iothub.offline.no-reconnect');
    expect(finding?.evidence.map((event) => [event.source, event.operation, event.code])).toEqual([
      ['iothub', 'deviceDisconnect', '404104'],
      ['eventgrid', 'DeviceDisconnected', ''],
    ]);
    expect(finding?.facts).toEqual({ codes: ['404104'] });

    // The logs alone end on a disconnect and a failed reconnect; Event Grid saw the device come back.
    const logsOnly = await diagnoseThermostat(await backendOf(ARCHIVE));
    expect(logsOnly.findings.map((f) => f.id)).toContain('iothub.offline.no-reconnect');
    const withEvents = await diagnoseThermostat(await backendOf(ARCHIVE, CLOUDEVENTS_BATCH));
    expect(withEvents.findings.map((f) => f.id)).not.toContain('iothub.offline.no-reconnect');
  });

  it('keeps module events in the timeline but out of the device’s connection state', async () => {
    const diagnosis = await diagnoseThermostat(await backendOf(CLOUDEVENT_SINGLE), 'edge-gw-01');
    expect(diagnosis.timeline.events.map((event) => [event.operation, event.moduleId])).toEqual([
      ['DeviceConnected', '$edgeHub'],
    ]);
    expect(diagnosis.verdict.kind).toBe('healthy');
    expect(diagnosis.verdict).not.toHaveProperty('lastConnect');
  });

  it('does not ask for the table where the data set has none (Log Analytics): the batch does not fail', async () => {
    const local = await backendOf(ARCHIVE, EVENT_GRID);
    const workspaceLike: LogsBackend = {
      description: { ...local.description, tables: AZURE_DIAGNOSTICS_TABLES },
      query: (kql, timespan, options) => local.query(kql, timespan, options),
      queryBatch: (queries, options) => local.queryBatch(queries, options),
    };
    const diagnosis = await diagnoseThermostat(workspaceLike);
    expect(diagnosis.queries.map((query) => query.name)).not.toContain('device-connection-state');
    expect(diagnosis.timeline.events.some((event) => event.source === 'eventgrid')).toBe(false);
    expect(diagnosis.dataStatus.partial).toBe(false);
  });
});
