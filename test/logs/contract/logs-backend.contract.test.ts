import { AzureLogsBackend } from '../../../src/logs/azure/azure-logs-backend';
import { LocalLogsBackend } from '../../../src/logs/local/local-backend';
import { LocalLogsEngine } from '../../../src/logs/local/engine';
import { startLocalLogsWorkers, type WorkerLogsBackend } from '../../../src/logs/local/worker/worker-backend';
import { ResilientLogsBackend } from '../../../src/logs/resilient-backend';
import { FakeLogAnalyticsHttpClient, fakeCredential } from '../../fakes/fake-log-analytics-http';
import { describeLogsBackendContract, type ContractSeed } from './logs-backend.contract';

function loadedEngine(seed: ContractSeed): LocalLogsEngine {
  const engine = new LocalLogsEngine({ clock: () => seed.now });
  for (const row of seed.azureDiagnostics) engine.appendRow('AzureDiagnostics', row);
  engine.finishLoading();
  return engine;
}

describeLogsBackendContract(
  'local (embedded engine)',
  async (seed) => new LocalLogsBackend(loadedEngine(seed)),
);

// The engine in worker threads (the bot's): the same rows, loaded in the worker, answers cloned back.
const workerBackends: WorkerLogsBackend[] = [];
afterAll(async () => {
  await Promise.all(workerBackends.map((b) => b.close()));
});
describeLogsBackendContract('local (embedded engine in worker threads)', async (seed) => {
  const { backend } = await startLocalLogsWorkers({
    data: { rows: { AzureDiagnostics: seed.azureDiagnostics } },
    clock: () => seed.now,
  });
  workerBackends.push(backend);
  return backend;
});

// The same data, answered by the embedded engine behind a FAKE Log Analytics HTTP service: the real
// LogsQueryClient serializes the request, and parses the REST answer back into tables.
describeLogsBackendContract('azure (LogsQueryClient over a fake Log Analytics service)', async (seed) => {
  const engine = loadedEngine(seed);
  const fake = FakeLogAnalyticsHttpClient.answeringFrom((kql, timespan) => engine.query(kql, timespan));
  return new AzureLogsBackend({
    credential: fakeCredential,
    workspaceId: '11111111-2222-3333-4444-555555555555',
    workspaceResourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iot/providers/Microsoft.OperationalInsights/workspaces/logs',
    httpClient: fake,
  });
});

// The circuit breaker is a backend too: wrapped, the engine must keep every promise.
describeLogsBackendContract(
  'resilient (circuit breaker around the embedded engine)',
  async (seed) => new ResilientLogsBackend(new LocalLogsBackend(loadedEngine(seed))),
);
