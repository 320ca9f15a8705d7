/**
 * Writes a diagnostic-settings archive file (JSON Lines, one record per line, as a diagnostic
 * setting writes `PT1H.json` to storage) with N real-shaped IoT Hub `Connections` and DPS
 * `DeviceOperations` records, for the file-loading benchmark. The big file is never committed.
 *
 *   npx tsx bench/generate-archive-lines.ts --rows 1000000 --out /tmp/PT1H.json [--gzip]
 *
 * Records follow log-schema.md: lower-case keys, upper-cased `resourceId`, `properties` as JSON
 * text with deviceId / protocol / authType / maskedIpAddress / statusCode / errorMessage, connect
 * records with an sdkVersion; one in ten is a DPS registration.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';

const SUBSCRIPTION = '7C1B4E2A-5F3D-4A8E-9B6C-2D1E0F3A4B5C';
const HUB_ID = `/SUBSCRIPTIONS/${SUBSCRIPTION}/RESOURCEGROUPS/RG-IOT-FLEET/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/CONTOSO-FLEET-HUB`;
const DPS_ID = `/SUBSCRIPTIONS/${SUBSCRIPTION}/RESOURCEGROUPS/RG-IOT-FLEET/PROVIDERS/MICROSOFT.DEVICES/PROVISIONINGSERVICES/CONTOSO-FLEET-DPS`;
const PROTOCOLS = ['Mqtt', 'MqttWs', 'Amqp', 'AmqpWs'] as const;
const SDKS = [
  '.NET/1.42.3 (.NET 8.0.4; Linux; X64)',
  'azure-iot-device/1.18.3 (node v20.11.0; Ubuntu 22.04; x64)',
  'com.microsoft.azure.sdk.iot.iot-device-client/2.4.1',
];
const DISCONNECTS = [
  ['404104', 'DeviceConnectionClosedRemotely', 'The connection was closed by the device.'],
  ['401003', 'IoTHubUnauthorized', 'The SAS token has expired.'],
  ['500001', 'ServerError', 'An internal server error occurred.'],
] as const;

interface Options {
  readonly rows: number;
  readonly out: string;
  readonly gzip: boolean;
  readonly devices: number;
}

function parseArgs(argv: readonly string[]): Options {
  let rows = 1_000_000;
  let out = '/tmp/iot-archive-1m.json';
  let gzip = false;
  let devices = 20_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rows') rows = Number(argv[++i]);
    else if (arg === '--devices') devices = Number(argv[++i]);
    else if (arg === '--out') out = String(argv[++i]);
    else if (arg === '--gzip') gzip = true;
    else throw new Error(`unknown argument ${String(arg)}`);
  }
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows needs a positive whole number');
  return { rows, out, gzip, devices };
}

/** The n-th record, deterministic so two runs write the same file. */
export function archiveRecord(n: number, devices: number, start: number): string {
  const time = new Date(start + n * 97).toISOString().replace('Z', '0000Z');
  const deviceId = `thermostat-${String((n * 7919) % devices).padStart(5, '0')}`;
  if (n % 10 === 9) {
    return JSON.stringify({
      time,
      resourceId: DPS_ID,
      operationName: 'RegistrationOperationStatus',
      category: 'DeviceOperations',
      level: 'Information',
      resultType: 'Success',
      resultSignature: '',
      resultDescription: '',
      durationMs: String(20 + (n % 200)),
      callerIpAddress: `24.9.${n % 250}.XXX`,
      correlationId: `0e3f${n.toString(16).padStart(12, '0')}-77aa-4c1e-9a41-3e1b`,
      properties: JSON.stringify({ id: deviceId, type: 'Registration', protocol: 'Mqtt' }),
      location: 'koreacentral',
    });
  }
  const protocol = PROTOCOLS[n % PROTOCOLS.length] ?? 'Mqtt';
  const connect = n % 2 === 0;
  const failure = DISCONNECTS[n % DISCONNECTS.length] ?? DISCONNECTS[0];
  const properties = connect
    ? {
        deviceId,
        sdkVersion: SDKS[n % SDKS.length],
        protocol,
        authType: '{"scope":"device","type":"sas","issuer":"iothub","acceptingIpFilterRule":null}',
        maskedIpAddress: `24.9.${n % 250}.XXX`,
        statusCode: null,
        errorMessage: '',
      }
    : {
        deviceId,
        protocol,
        authType: null,
        maskedIpAddress: `24.9.${n % 250}.XXX`,
        statusCode: failure[0].slice(0, 3),
        errorMessage: failure[2],
      };
  return JSON.stringify({
    time,
    resourceId: HUB_ID,
    operationName: connect ? 'deviceConnect' : 'deviceDisconnect',
    category: 'Connections',
    level: connect ? 'Information' : 'Error',
    resultType: connect ? '0' : failure[0],
    resultDescription: connect ? '' : failure[1],
    properties: JSON.stringify(properties),
    location: 'koreacentral',
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const file = createWriteStream(options.out);
  const gzip = options.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const sink: Writable = gzip ?? file;
  const start = Date.parse('2026-03-01T00:00:00Z');
  let batch: string[] = [];
  for (let n = 0; n < options.rows; n++) {
    batch.push(archiveRecord(n, options.devices, start));
    if (batch.length === 5000) {
      if (!sink.write(`${batch.join('\n')}\n`)) await once(sink, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0) sink.write(`${batch.join('\n')}\n`);
  sink.end();
  await once(file, 'close');
  process.stdout.write(`${options.rows} records → ${options.out} (${file.bytesWritten} bytes)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
