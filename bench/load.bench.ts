/**
 * Load test, loopback only and bounded: `npm run bench:load`.
 *
 *   1. a bare restify handler on /api/messages (same body parser, fixed answer): the ceiling
 *   2. the bot, `help` with deliveryMode expectReplies, 20 connections = 20 conversations
 *   3. the bot, a demo diagnosis on the embedded demo data, each conversation about another demo
 *      device (ids of 10 to 18 characters), same shape
 *   4. /api/alerts, a distinct alert per request, then: was every accepted alert stored once?
 *   5. /api/events, Event Grid batches of BENCH_EVENT_BATCH (default 50) connection events over a
 *      fleet of BENCH_EVENT_DEVICES (default 1,000) devices, every event new (its own id, a higher
 *      sequence number than any before), then: does every device's stored state have the newest
 *      accepted event? The bare handler's /api/events (parse, count, answer) is its ceiling.
 *
 * The servers run in processes of their own (`src/index.ts` as `npm run serve` would, with the file
 * store in a temporary folder; the bare handler from `bare-restify-server.ts`), so autocannon does
 * not share their event loop. Each run lasts BENCH_SECONDS (default 5) with BENCH_CONNECTIONS (default 20) connections to
 * 127.0.0.1 only. The bot runs follow a one-second warm-up at the same concurrency (V8 compiles the
 * hot paths during the first few hundred requests); the warm-up's own p99 is printed beside them,
 * so the cold start stays visible. Prints throughput, p50/p99 latency and errors per run, the bot/bare ratio, and
 * checks the issue's targets (zero errors, zero lost alerts, diagnosis p99 ≤ 300 ms, ≥ 2,000 events/s
 * accepted with none lost); exits 1 when one is missed.
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { IncidentStore } from '../src/alerts/incident-store';
import { LiveConnectionStore } from '../src/live/connection-store';
import { DEMO_SCENARIOS } from '../src/logs/simulate/scenarios';
import { FileStore } from '../src/storage/file-store';
import { alertId, logSearchAlert } from '../test/alerts/payloads';
import { HUB, connectionEvent, sequenceNumber, type ConnectionKind } from '../test/live/event-fixtures';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 20);
const SECRET = 'bench-alert-secret-0123456789';
const EVENTS_SECRET = 'bench-events-secret-0123456789';
const EVENT_BATCH = Number(process.env['BENCH_EVENT_BATCH'] ?? 50);
const EVENT_DEVICES = Number(process.env['BENCH_EVENT_DEVICES'] ?? 1000);
/** The issue's target for the events intake on this machine. */
const EVENTS_PER_SECOND_TARGET = 2000;

interface RunSummary {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly total: number;
  /** p99 of the warm-up run, when there was one. */
  readonly warmUpP99?: number;
}

function activity(conversation: number, text: string): string {
  return JSON.stringify({
    type: 'message',
    id: `bench-${conversation}`,
    text,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale: 'en-US',
    deliveryMode: 'expectReplies',
    from: {
      id: `user-${conversation}`,
      aadObjectId: `00000000-0000-0000-0000-${String(conversation).padStart(12, '0')}`,
    },
    recipient: { id: 'bot' },
    conversation: { id: `bench-conversation-${conversation}`, conversationType: 'personal' },
    channelData: { tenant: { id: 'aaaaaaaa-1111-2222-3333-444444444444' } },
  });
}

async function run(
  name: string,
  options: autocannon.Options & {
    readonly onBody?: (status: number, body: string) => void;
    readonly warmUp?: boolean;
  },
): Promise<RunSummary> {
  const { onBody, warmUp, ...rest } = options;
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: SECONDS,
    ...(warmUp ? { warmup: { connections: CONNECTIONS, duration: 1 } } : {}),
    ...rest,
    ...(onBody
      ? {
          requests: [
            {
              ...(rest.method ? { method: rest.method } : {}),
              onResponse: (status: number, body: string) => onBody(status, body),
            },
          ],
        }
      : {}),
  });
  const summary: RunSummary = {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    ...(result.warmup ? { warmUpP99: result.warmup.latency.p99 } : {}),
  };
  process.stdout.write(
    `${name.padEnd(34)} ${summary.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(summary.p50).padStart(4)} ms   p99 ${String(summary.p99).padStart(4)} ms   errors ${summary.errors}   non-2xx ${summary.non2xx}   (${summary.total} requests${summary.warmUpP99 !== undefined ? `; warm-up p99 ${summary.warmUpP99} ms` : ''})\n`,
  );
  return summary;
}

/** Each connection is one conversation: its own body for the whole run. */
function perConnectionBody(
  text: string | ((conversation: number) => string),
): (client: { setBody(body: string): void }) => void {
  let next = 0;
  return (client) => {
    const conversation = next++;
    client.setBody(activity(conversation, typeof text === 'string' ? text : text(conversation)));
  };
}

/** The newest event accepted (answered 200) per device: what its stored state must show. */
type NewestAccepted = Map<string, { readonly n: number; readonly kind: ConnectionKind }>;

interface EventsRunSummary extends RunSummary {
  /** Events in batches answered 200. */
  readonly eventsAccepted: number;
  readonly eventsPerSecond: number;
  /** What the 200 answers counted (`stored` + `unchanged`, or the bare handler's `received`). */
  readonly eventsCounted: number;
  readonly newest: NewestAccepted;
}

/**
 * POST Event Grid batches: each request the next EVENT_BATCH events of one global counter, for
 * consecutive devices of the fleet (so a batch touches EVENT_BATCH distinct devices), connects
 * and disconnects mixed. Every event is new: its id and sequence number come from the counter.
 */
async function eventsRun(name: string, url: string): Promise<EventsRunSummary> {
  let counter = 0;
  let eventsAccepted = 0;
  let eventsCounted = 0;
  const newest: NewestAccepted = new Map();
  const summary = await run(name, {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const batch = Array.from({ length: EVENT_BATCH }, () => {
            const n = ++counter;
            const kind: ConnectionKind = n % 3 === 0 ? 'DeviceDisconnected' : 'DeviceConnected';
            return { deviceId: `bench-device-${n % EVENT_DEVICES}`, kind, n };
          });
          context['batch'] = batch;
          return { ...request, body: JSON.stringify(batch.map((spec) => connectionEvent(spec))) };
        },
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          const batch = context['batch'] as { deviceId: string; kind: ConnectionKind; n: number }[];
          eventsAccepted += batch.length;
          const answer = JSON.parse(body) as { stored?: number; unchanged?: number; received?: number };
          eventsCounted += answer.received ?? (answer.stored ?? 0) + (answer.unchanged ?? 0);
          for (const { deviceId, kind, n } of batch) {
            if ((newest.get(deviceId)?.n ?? -1) < n) newest.set(deviceId, { n, kind });
          }
        },
      },
    ],
  });
  const eventsPerSecond = eventsAccepted / SECONDS;
  process.stdout.write(
    `${''.padEnd(34)} ${eventsPerSecond.toFixed(0).padStart(7)} events/s accepted (batches of ${EVENT_BATCH}, ${eventsAccepted} events; the answers counted ${eventsCounted})\n`,
  );
  return { ...summary, eventsAccepted, eventsPerSecond, eventsCounted, newest };
}

/** Devices whose stored state is not that of their newest accepted event (lost, or applied out of order). */
async function devicesNotAtNewest(storagePath: string, newest: NewestAccepted): Promise<number> {
  const states = new LiveConnectionStore(new FileStore(storagePath));
  let wrong = 0;
  for (const [deviceId, { n, kind }] of newest) {
    const state = await states.get(HUB, deviceId);
    const expected = kind === 'DeviceConnected' ? 'connected' : 'disconnected';
    if (state?.sequenceNumber !== sequenceNumber(n) || state.state !== expected) wrong++;
  }
  return wrong;
}

/** A free loopback port (asked of the OS, then released for the child to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface ServerProcess {
  readonly base: string;
  /** SIGTERM, then the exit code once the process has shut down gracefully. */
  stop(): Promise<number | null>;
}

/** Starts `entry` with tsx in its own process and waits for GET /readyz to answer 200. */
async function startServer(entry: string, env: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env, PORT: String(port), BENCH_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  // The bot is ready once the demo data is loaded and its queries prepared: runs measure answers.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`${entry} exited with ${child.exitCode} before it was ready`);
    if (attempt > 1200) throw new Error(`${entry} was not ready after 120 s`);
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function main(): Promise<void> {
  process.stdout.write(`load bench: ${CONNECTIONS} connections, ${SECONDS} s per run, 127.0.0.1 only\n`);
  const bare = await startServer('bench/bare-restify-server.ts', {});
  const bareRun = await run('bare restify /api/messages', {
    url: `${bare.base}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupClient: perConnectionBody('help'),
  });
  const bareEvents = await eventsRun('bare restify /api/events', `${bare.base}/api/events`);
  await bare.stop();

  const storagePath = mkdtempSync(join(tmpdir(), 'bench-state-'));
  const bot = await startServer('src/index.ts', {
    NODE_ENV: 'development',
    LOG_LEVEL: 'silent',
    ALERT_WEBHOOK_SECRET: SECRET,
    EVENTS_WEBHOOK_SECRET: EVENTS_SECRET,
    DEMO_DATA_DIR: process.env['DEMO_DATA_DIR'] ?? '.cache/demo',
    STORAGE_PATH: storagePath,
  });
  const base = bot.base;

  const common = {
    url: `${base}/api/messages`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
  };
  const help = await run('bot help (expectReplies)', {
    ...common,
    warmUp: true,
    setupClient: perConnectionBody('help'),
  });
  const diagnosis = await run('bot demo diagnosis (expectReplies)', {
    ...common,
    warmUp: true,
    setupClient: perConnectionBody(
      (conversation) =>
        `diagnose ${DEMO_SCENARIOS[conversation % DEMO_SCENARIOS.length]?.deviceId ?? 'thermostat-0042'}`,
    ),
  });

  const accepted = new Set<string>();
  let responses202 = 0;
  const alerts = await run('/api/alerts (distinct alerts)', {
    url: `${base}/api/alerts?code=${SECRET}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    idReplacement: true,
    body: JSON.stringify(logSearchAlert({ id: alertId('[<id>]') })),
    onBody: (status, body) => {
      if (status !== 202) return;
      responses202++;
      const id = (JSON.parse(body) as { id?: string }).id;
      if (id) accepted.add(id);
    },
  });
  const events = await eventsRun(
    '/api/events (Event Grid batches)',
    `${base}/api/events?code=${EVENTS_SECRET}`,
  );
  const exitCode = await bot.stop();
  if (exitCode !== 0) throw new Error(`the bot exited with ${exitCode} on SIGTERM`);

  // Every accepted alert is an incident (in the bot's own files) with its Fired condition recorded once.
  const incidents = new IncidentStore(new FileStore(storagePath));
  let stored = 0;
  let doubled = 0;
  for (const id of accepted) {
    const incident = await incidents.get(id);
    if (!incident) continue;
    stored++;
    if (incident.conditions.filter((c) => c === 'Fired').length !== 1) doubled++;
  }
  const lost = accepted.size - stored;
  process.stdout.write(
    `alerts: ${responses202} accepted (202), ${accepted.size} distinct incidents, ${stored} stored, ${lost} lost, ${doubled} stored twice\n`,
  );
  const eventsWrong = await devicesNotAtNewest(storagePath, events.newest);
  process.stdout.write(
    `events: ${events.eventsAccepted} accepted (200) for ${events.newest.size} devices, ${events.eventsCounted} counted by the answers, ${eventsWrong} devices not at their newest accepted event\n`,
  );
  process.stdout.write(
    `ratio events accepted, bot / bare restify /api/events: ${(events.eventsPerSecond / bareEvents.eventsPerSecond).toFixed(3)}\n`,
  );
  process.stdout.write(
    `ratio bot help / bare restify: ${(help.requestsPerSecond / bareRun.requestsPerSecond).toFixed(3)}   demo diagnosis / bare: ${(diagnosis.requestsPerSecond / bareRun.requestsPerSecond).toFixed(3)}\n`,
  );

  const misses = [
    ...[help, diagnosis, alerts, events]
      .filter((r) => r.errors > 0 || r.non2xx > 0)
      .map((r) => `${r.name}: errors`),
    ...(lost > 0 || doubled > 0 || responses202 !== accepted.size ? ['alerts not stored exactly once'] : []),
    ...(diagnosis.p99 > 300 ? [`demo diagnosis p99 ${diagnosis.p99} ms > 300 ms`] : []),
    ...(events.eventsPerSecond < EVENTS_PER_SECOND_TARGET
      ? [`events ${events.eventsPerSecond.toFixed(0)}/s < ${EVENTS_PER_SECOND_TARGET}/s`]
      : []),
    ...(eventsWrong > 0 || events.eventsCounted !== events.eventsAccepted ? ['events lost'] : []),
  ];
  process.stdout.write(misses.length === 0 ? 'targets: all met\n' : `targets missed: ${misses.join('; ')}\n`);
  process.exit(misses.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
