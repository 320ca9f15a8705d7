/**
 * Fixed results for the `kql` table card: 25 rows of 8 columns (instants, numbers, JSON, nulls, a
 * long cell), so the golden shows a page of 20, 6 columns, "5 more rows", a Next button and a
 * shortened cell; and a `render timechart` result split by a string column.
 */
import { queryResultCard } from '../../src/cards';
import type { CardCase } from './fixtures';

const START = Date.parse('2026-03-01T10:00:00Z');
const WINDOW = { start: '2026-03-01T10:00:00.000Z', end: '2026-03-02T10:00:00.000Z' };
const TABLE_QUERY =
  'AzureDiagnostics\n| where Category == "Connections"\n| project TimeGenerated, OperationName, Resource, Level, DurationMs, properties_s, ResultType, CorrelationId';
const CHART_QUERY =
  'AzureDiagnostics\n| summarize count() by bin(TimeGenerated, 1h), Category\n| render timechart';

const columns = [
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'OperationName', type: 'string' },
  { name: 'Resource', type: 'string' },
  { name: 'Level', type: 'string' },
  { name: 'DurationMs', type: 'long' },
  { name: 'properties_s', type: 'dynamic' },
  { name: 'ResultType', type: 'string' },
  { name: 'CorrelationId', type: 'guid' },
];

const rows = Array.from({ length: 25 }, (_, i) => [
  new Date(START + i * 3_600_000),
  i % 3 === 0 ? 'deviceDisconnect' : 'deviceConnect',
  'CONTOSO-FLEET-HUB',
  i % 3 === 0 ? 'Error' : 'Information',
  i % 4 === 0 ? null : 10 + i,
  i === 1
    ? { deviceId: 'thermostat-0042', protocol: 'Mqtt', errorMessage: 'x'.repeat(120) }
    : { deviceId: `thermostat-00${40 + (i % 5)}`, protocol: 'Mqtt' },
  i % 3 === 0 ? '401003' : '',
  `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
]);

const chartRows = Array.from({ length: 12 }, (_, i) => [
  new Date(START + Math.floor(i / 2) * 3_600_000),
  i % 2 === 0 ? 'Connections' : 'C2DCommands',
  (i * 7) % 11,
]);

export function queryResultCases(): CardCase[] {
  return [
    {
      name: 'query-result',
      build: async (ctx) =>
        queryResultCard(
          {
            query: TABLE_QUERY,
            page: 1,
            window: WINDOW,
            source: 'Log Analytics',
            columns,
            rows,
            nextPage: { cmd: 'kql', query: TABLE_QUERY, page: 2, ...WINDOW },
          },
          ctx,
        ),
    },
    {
      name: 'query-result-timechart',
      build: async (ctx) =>
        queryResultCard(
          {
            query: CHART_QUERY,
            page: 1,
            window: WINDOW,
            source: 'The embedded log engine',
            columns: [
              { name: 'TimeGenerated', type: 'datetime' },
              { name: 'Category', type: 'string' },
              { name: 'count_', type: 'long' },
            ],
            rows: chartRows,
            render: 'timechart',
          },
          ctx,
        ),
    },
  ];
}
