import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoEndFor, loadLocalLogs } from '../../../src/logs/local/data-source';
import { LogPathNotFoundError } from '../../../src/logs/local/loaders/find-log-files';

const SMALL_DEMO = { seed: 5, devices: 20, days: 1 };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'data-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadLocalLogs', () => {
  it('generates the demo on first start, ending at the current minute, and reuses it within that minute', async () => {
    const cache = path.join(dir, 'demo');
    let now = new Date('2026-03-02T10:41:07Z');
    const generatedFor: Date[] = [];
    const options = {
      demoCacheDir: cache,
      clock: () => now,
      demo: SMALL_DEMO,
      onGenerateDemo: (end: Date) => generatedFor.push(end),
    };

    const first = await loadLocalLogs(options);
    expect(first.summary).toMatchObject({
      source: 'demo',
      demo: { generated: true, end: new Date('2026-03-02T10:41:00Z') },
    });
    expect(first.summary.load.rowsRejected).toBe(0);
    expect(first.summary.load.rowsLoaded).toBeGreaterThan(500);
    const [table] = first.engine.query(
      'AzureDiagnostics | where TimeGenerated > ago(24h) | where properties_s has "thermostat-0042" | count',
    );
    expect(Number(table?.rows[0]?.[0])).toBeGreaterThan(40);
    const manifest = JSON.parse(await readFile(path.join(cache, 'demo.json'), 'utf8')) as { end: string };
    expect(manifest.end).toBe('2026-03-02T10:41:00.000Z');

    now = new Date('2026-03-02T10:41:59Z');
    const second = await loadLocalLogs(options);
    expect(second.summary.demo?.generated).toBe(false);
    expect(second.summary.load.rowsLoaded).toBe(first.summary.load.rowsLoaded);

    now = new Date('2026-03-05T08:15:00Z');
    const stale = await loadLocalLogs(options);
    expect(stale.summary.demo).toMatchObject({ generated: true, end: new Date('2026-03-05T08:15:00Z') });
    expect(generatedFor).toEqual([new Date('2026-03-02T10:41:00Z'), new Date('2026-03-05T08:15:00Z')]);
  });

  it('regenerates a cache whose manifest is damaged', async () => {
    const cache = path.join(dir, 'demo');
    const options = { demoCacheDir: cache, clock: () => new Date('2026-03-02T10:00:00Z'), demo: SMALL_DEMO };
    await loadLocalLogs(options);
    await writeFile(path.join(cache, 'demo.json'), '{ not json');
    expect((await loadLocalLogs(options)).summary.demo?.generated).toBe(true);
  });

  it('loads the given paths instead of the demo, and names a missing one', async () => {
    const file = path.join(dir, 'rows.jsonl');
    await writeFile(
      file,
      '{"TimeGenerated":"2026-03-02T09:00:00Z","ResourceType":"IOTHUBS","Category":"Connections"}\n',
    );
    const options = {
      paths: [file],
      demoCacheDir: path.join(dir, 'unused'),
      clock: () => new Date('2026-03-02T10:00:00Z'),
    };
    const { engine, summary } = await loadLocalLogs(options);
    expect(summary).toMatchObject({ source: 'files', load: { rowsLoaded: 1 } });
    expect(engine.coverage().find((c) => c.table === 'AzureDiagnostics')?.rows).toBe(1);
    await expect(loadLocalLogs({ ...options, paths: [path.join(dir, 'missing')] })).rejects.toThrow(
      LogPathNotFoundError,
    );
  });

  it('ends the demo window at the start of the minute, so "right now" has data up to now', () => {
    expect(demoEndFor(new Date('2026-03-02T23:59:59.999Z'))).toEqual(new Date('2026-03-02T23:59:00Z'));
  });
});
