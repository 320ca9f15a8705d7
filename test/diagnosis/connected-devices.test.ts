import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { AzureMetricsSource } from '../../src/logs/azure/azure-metrics';
import { UnavailableMetricsSource } from '../../src/logs/metrics';
import { hubConnectedDevices } from '../../src/diagnosis/connected-devices';
import { hubDirectoryFromSettings } from '../../src/diagnosis/hubs';
import { InvalidIdentifierError } from '../../src/diagnosis/kql-literal';
import { fakeCredential } from '../fakes/fake-log-analytics-http';

const HUB_ID =
  '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/iot/providers/Microsoft.Devices/IotHubs/contoso-hub';
const window = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-02T03:00:00Z') };
const hubs = hubDirectoryFromSettings([{ name: 'contoso-hub', resourceId: HUB_ID }, { name: 'other-hub' }]);

/** A FAKE Azure Monitor metrics batch endpoint: records the query string, answers three 5-minute points. */
class FakeAzureMonitorMetrics implements HttpClient {
  readonly urls: URL[] = [];
  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    this.urls.push(new URL(request.url));
    const data = [
      { timeStamp: '2026-03-02T00:00:00Z', average: 120, minimum: 118, maximum: 121 },
      { timeStamp: '2026-03-02T00:05:00Z', average: 64, minimum: 40, maximum: 119 },
      { timeStamp: '2026-03-02T00:10:00Z', average: 117, minimum: 110, maximum: 120 },
    ];
    const body = {
      values: [
        {
          starttime: '2026-03-02T00:00:00Z',
          endtime: '2026-03-02T03:00:00Z',
          interval: 'PT5M',
          namespace: 'Microsoft.Devices/IotHubs',
          resourceregion: 'koreacentral',
          resourceid: HUB_ID,
          value: [
            {
              id: `${HUB_ID}/providers/Microsoft.Insights/metrics/connectedDeviceCount`,
              type: 'Microsoft.Insights/metrics',
              name: { value: 'connectedDeviceCount', localizedValue: 'Connected devices' },
              unit: 'Count',
              errorCode: 'Success',
              timeseries: [{ metadatavalues: [], data }],
            },
          ],
        },
      ],
    };
    return {
      request,
      status: 200,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      bodyAsText: JSON.stringify(body),
    };
  }
}

describe('hubConnectedDevices', () => {
  it('reads connectedDeviceCount for the hub ARM id at the trend grain and summarises the dip', async () => {
    const http = new FakeAzureMonitorMetrics();
    const metrics = new AzureMetricsSource({
      credential: fakeCredential,
      endpoint: 'https://koreacentral.metrics.monitor.azure.com',
      httpClient: http,
      retryOptions: { maxRetries: 0 },
    });
    const answer = await hubConnectedDevices({ hub: 'CONTOSO-HUB', window }, { metrics, hubs });
    expect(Object.fromEntries(http.urls[0]?.searchParams ?? [])).toMatchObject({
      metricnames: 'connectedDeviceCount',
      interval: 'PT5M',
      aggregation: 'average,minimum,maximum',
    });
    expect(answer).toMatchObject({
      available: true,
      hub: 'CONTOSO-HUB',
      grainMinutes: 5,
      latest: 117,
      peak: 121,
      lowest: 40,
    });
    expect(answer.available && answer.points).toHaveLength(3);
  });

  it('says why there is no count instead of reporting zero devices', async () => {
    const local = await hubConnectedDevices(
      { hub: 'contoso-hub', window },
      { metrics: new UnavailableMetricsSource(), hubs },
    );
    expect(local).toMatchObject({
      available: false,
      reason: expect.stringContaining('not available with local logs'),
    });
    const metrics = new AzureMetricsSource({
      credential: fakeCredential,
      endpoint: 'https://x.metrics.monitor.azure.com',
      httpClient: new FakeAzureMonitorMetrics(),
    });
    const noArmId = await hubConnectedDevices({ hub: 'other-hub', window }, { metrics, hubs });
    expect(noArmId).toMatchObject({
      available: false,
      reason: expect.stringContaining('no ARM resource id'),
    });
    await expect(hubConnectedDevices({ hub: 'a b', window }, { metrics, hubs })).rejects.toThrow(
      InvalidIdentifierError,
    );
  });
});
