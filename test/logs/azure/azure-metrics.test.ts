import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AzureMetricsSource, metricNamespaceOf } from '../../../src/logs/azure/azure-metrics';
import { LogsQueryError } from '../../../src/logs/backend';
import { UnavailableMetricsSource } from '../../../src/logs/metrics';
import { fakeCredential } from '../../fakes/fake-log-analytics-http';

const HUB =
  '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/iot/providers/Microsoft.Devices/IotHubs/contoso-hub';
const ENDPOINT = 'https://westeurope.metrics.monitor.azure.com';

/** A FAKE Azure Monitor metrics batch endpoint: records requests, answers with one scripted response. */
class FakeMetricsHttpClient implements HttpClient {
  readonly requests: { url: URL; body: unknown }[] = [];
  constructor(private readonly answer: { status: number; json: unknown }) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    this.requests.push({
      url: new URL(request.url),
      body: typeof request.body === 'string' ? JSON.parse(request.body) : undefined,
    });
    return {
      request,
      status: this.answer.status,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify(this.answer.json),
    };
  }
}

const connectedDevices = {
  values: [
    {
      starttime: '2024-05-01T00:00:00Z',
      endtime: '2024-05-01T02:00:00Z',
      interval: 'PT1H',
      namespace: 'Microsoft.Devices/IotHubs',
      resourceregion: 'westeurope',
      resourceid: HUB,
      value: [
        {
          id: `${HUB}/providers/Microsoft.Insights/metrics/connectedDeviceCount`,
          type: 'Microsoft.Insights/metrics',
          name: { value: 'connectedDeviceCount', localizedValue: 'Connected devices' },
          unit: 'Count',
          errorCode: 'Success',
          timeseries: [
            {
              metadatavalues: [],
              data: [
                { timeStamp: '2024-05-01T00:00:00Z', average: 41.5, maximum: 42 },
                { timeStamp: '2024-05-01T01:00:00Z', average: 12, maximum: 40 },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('AzureMetricsSource through the real MetricsClient and a fake metrics endpoint', () => {
  it('asks the batch API for the hub namespace, names, window, grain and aggregations, and maps the series', async () => {
    const fake = new FakeMetricsHttpClient({ status: 200, json: connectedDevices });
    const source = new AzureMetricsSource({
      credential: fakeCredential,
      endpoint: ENDPOINT,
      httpClient: fake,
      retryOptions: { maxRetries: 0 },
    });

    const series = await source.queryResourceMetrics(
      HUB,
      ['connectedDeviceCount'],
      { startTime: new Date('2024-05-01T00:00:00Z'), duration: 'PT2H' },
      { granularity: 'PT1H', aggregations: ['Average', 'Maximum'] },
    );

    const request = fake.requests[0];
    expect(request?.url.pathname).toBe(
      '/subscriptions/00000000-1111-2222-3333-444444444444/metrics:getBatch',
    );
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toMatchObject({
      metricnamespace: 'Microsoft.Devices/IotHubs',
      metricnames: 'connectedDeviceCount',
      starttime: '2024-05-01T00:00:00.000Z',
      endtime: '2024-05-01T02:00:00.000Z',
      interval: 'PT1H',
      aggregation: 'average,maximum',
    });
    expect(request?.body).toEqual({ resourceids: [HUB] });
    expect(series).toEqual([
      {
        name: 'connectedDeviceCount',
        unit: 'Count',
        points: [
          { time: new Date('2024-05-01T00:00:00Z'), average: 41.5, maximum: 42 },
          { time: new Date('2024-05-01T01:00:00Z'), average: 12, maximum: 40 },
        ],
      },
    ]);
  });

  it('a duration-only window ends at the injected now', async () => {
    const fake = new FakeMetricsHttpClient({ status: 200, json: connectedDevices });
    const source = new AzureMetricsSource({
      credential: fakeCredential,
      endpoint: ENDPOINT,
      httpClient: fake,
      now: () => new Date('2024-05-02T00:00:00Z'),
    });
    await source.queryResourceMetrics(
      HUB,
      ['connectedDeviceCount'],
      { duration: 'P1D' },
      { aggregations: ['Average'] },
    );
    expect(fake.requests[0]?.url.searchParams.get('starttime')).toBe('2024-05-01T00:00:00.000Z');
    expect(fake.requests[0]?.url.searchParams.get('endtime')).toBe('2024-05-02T00:00:00.000Z');
  });

  it('403 is forbidden and names the Monitoring Reader role on the hub', async () => {
    const fake = new FakeMetricsHttpClient({
      status: 403,
      json: { error: { code: 'AuthorizationFailed', message: "The client '…' does not have authorization" } },
    });
    const source = new AzureMetricsSource({
      credential: fakeCredential,
      endpoint: ENDPOINT,
      httpClient: fake,
    });
    const error = await source
      .queryResourceMetrics(
        HUB,
        ['connectedDeviceCount'],
        { duration: 'PT1H' },
        { aggregations: ['Average'] },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogsQueryError);
    expect(error).toMatchObject({ kind: 'forbidden', details: { code: 'AuthorizationFailed' } });
    expect((error as LogsQueryError).message).toContain("'Monitoring Reader'");
    expect((error as LogsQueryError).message).toContain(HUB);
  });

  it('refuses something that is not a resource id before calling Azure', () => {
    expect(() => metricNamespaceOf('contoso-hub')).toThrow(LogsQueryError);
    expect(
      metricNamespaceOf(
        '/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/ProvisioningServices/dps',
      ),
    ).toBe('Microsoft.Devices/ProvisioningServices');
  });
});

describe('UnavailableMetricsSource', () => {
  it('says metrics need Azure instead of answering with no data', async () => {
    await expect(new UnavailableMetricsSource().queryResourceMetrics()).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('only available when connected to Azure'),
    });
  });
});
