/**
 * Writes a diagnostic-settings archive file (JSON Lines, one record per line, as a diagnostic
 * setting writes `PT1H.json` to storage) with N real-shaped IoT Hub `Connections` and DPS
 * `DeviceOperations` records, for the file-loading benchmark. The big file is never committed.
 *
 *   npx tsx bench/generate-archive-lines.ts --rows 1000000 --out /tmp/PT1H.json [--gzip]
 *       [--format lines|records|pretty|csv]
 *
 * `lines` is the archive as written today; `records` the pre-2018 `{"records":[...]}` wrapper on one
 * line; `pretty` the records as a pretty-printed JSON array; `csv` the same records as Log Analytics
 * rows in the portal's CSV export form (BOM, CRLF, `TimeGenerated [UTC]`, `3/1/2026, 12:00:00.097 AM`).
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

type Format = 'lines' | 'records' | 'pretty' | 'csv';

interface Options {
  readonly format: Format;
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
  let format: Format = 'lines';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--rows') rows = Number(argv[++i]);
    else if (arg === '--devices') devices = Number(argv[++i]);
    else if (arg === '--out') out = String(argv[++i]);
    else if (arg === '--gzip') gzip = true;
    else if (arg === '--format') {
      const value = argv[++i];
      if (value !== 'lines' && value !== 'records' && value !== 'pretty' && value !== 'csv') {
        throw new Error('--format is lines, records, pretty or csv');
      }
      format = value;
    } else throw new Error(`unknown argument ${String(arg)}`);
  }
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows needs a positive whole number');
  return { rows, out, gzip, devices, format };
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

const CSV_COLUMNS = [
  'TimeGenerated',
  'ResourceId',
  'Category',
  'ResourceGroup',
  'SubscriptionId',
  'ResourceProvider',
  'Resource',
  'ResourceType',
  'OperationName',
  'ResultType',
  'CorrelationId',
  'ResultDescription',
  'Level',
  'DurationMs',
  'CallerIPAddress',
  'ResultSignature',
  'location_s',
  'properties_s',
  'SourceSystem',
  'Type',
  '_ResourceId',
] as const;

function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `2026-03-01T00:00:00.0970000Z` → `3/1/2026, 12:00:00.097 AM`, as the portal writes UTC times. */
function portalTime(iso: string): string {
  const date = new Date(iso);
  const hours = date.getUTCHours();
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}, ${hours % 12 || 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** The archive record as the Log Analytics row a portal CSV export holds. */
function csvLine(archiveJson: string): string {
  const record = JSON.parse(archiveJson) as Record<string, string | undefined>;
  const id = record['resourceId'] ?? '';
  const segments = id.split('/');
  const row: Record<string, unknown> = {
    TimeGenerated: portalTime(record['time'] ?? ''),
    ResourceId: id,
    Category: record['category'],
    ResourceGroup: segments[4],
    SubscriptionId: segments[2]?.toLowerCase(),
    ResourceProvider: segments[6],
    Resource: segments[8],
    ResourceType: segments[7],
    OperationName: record['operationName'],
    ResultType: record['resultType'],
    CorrelationId: record['correlationId'],
    ResultDescription: record['resultDescription'],
    Level: record['level'],
    DurationMs: record['durationMs'],
    CallerIPAddress: record['callerIpAddress'],
    ResultSignature: record['resultSignature'],
    location_s: record['location'],
    properties_s: record['properties'],
    SourceSystem: 'Azure',
    Type: 'AzureDiagnostics',
    _ResourceId: id.toLowerCase(),
  };
  return CSV_COLUMNS.map((column) => csvField(row[column])).join(',');
}

function formatted(format: Format, record: string, first: boolean): string {
  switch (format) {
    case 'lines':
      return `${record}\n`;
    case 'records':
      return `${first ? '' : ','}${record}`;
    case 'pretty':
      return `${first ? '' : ',\n'}${JSON.stringify(JSON.parse(record), null, 2)}`;
    case 'csv':
      return `${csvLine(record)}\r\n`;
  }
}

const PROLOGUE: Readonly<Record<Format, string>> = {
  lines: '',
  records: '{"records":[',
  pretty: '[\n',
  csv: `\uFEFF${CSV_COLUMNS.map((c) => (c === 'TimeGenerated' ? 'TimeGenerated [UTC]' : c)).join(',')}\r\n`,
};
const EPILOGUE: Readonly<Record<Format, string>> = { lines: '', records: ']}\n', pretty: '\n]\n', csv: '' };

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const file = createWriteStream(options.out);
  const gzip = options.gzip ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const sink: Writable = gzip ?? file;
  const start = Date.parse('2026-03-01T00:00:00Z');
  let batch: string[] = [PROLOGUE[options.format]];
  for (let n = 0; n < options.rows; n++) {
    batch.push(formatted(options.format, archiveRecord(n, options.devices, start), n === 0));
    if (batch.length === 5000) {
      if (!sink.write(batch.join(''))) await once(sink, 'drain');
      batch = [];
    }
  }
  batch.push(EPILOGUE[options.format]);
  sink.write(batch.join(''));
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
