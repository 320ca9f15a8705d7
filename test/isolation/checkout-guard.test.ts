import { mkdirSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../src/config/config';
import { changesBetween, folderState, guardFailure } from '../support/checkout-guard';
import { isolatedEnv, tempDir } from '../support/temp-dir';

const REPO = path.resolve(__dirname, '..', '..');

describe('checkout guard (jest global setup / teardown)', () => {
  it('sees a guarded folder created, a file changed or added, and one removed', () => {
    const root = tempDir('guard-');
    mkdirSync(path.join(root, '.cache', 'demo'), { recursive: true });
    writeFileSync(path.join(root, '.cache', 'demo', 'a.json'), '{}');
    writeFileSync(path.join(root, '.cache', 'demo', 'b.json'), '{}');
    const before = folderState(root);
    expect(changesBetween(before, folderState(root))).toEqual([]);

    mkdirSync(path.join(root, '.data'));
    writeFileSync(path.join(root, '.data', 'incident.json'), '{"state":"open"}');
    writeFileSync(path.join(root, '.cache', 'demo', 'a.json'), '{"x":1}');
    rmSync(path.join(root, '.cache', 'demo', 'b.json'));
    const changes = changesBetween(before, folderState(root));
    expect(changes).toEqual(
      expect.arrayContaining([
        'created .data',
        `created ${path.join('.data', 'incident.json')}`,
        `changed ${path.join('.cache', 'demo', 'a.json')}`,
        `removed ${path.join('.cache', 'demo', 'b.json')}`,
      ]),
    );
    expect(guardFailure(changes)).toContain('test/support/temp-dir.ts');
  });

  it('sees a rewrite of the same size by its modification time', () => {
    const root = tempDir('guard-');
    mkdirSync(path.join(root, '.data'));
    const file = path.join(root, '.data', 'state.json');
    writeFileSync(file, '{"v":1}');
    utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const before = folderState(root);
    writeFileSync(file, '{"v":2}');
    expect(changesBetween(before, folderState(root))).toEqual([
      `changed ${path.join('.data', 'state.json')}`,
    ]);
  });
});

describe('isolatedEnv', () => {
  it('puts the state and the demo data outside the checkout, unless the test names them', () => {
    const config = readConfig(isolatedEnv({ NODE_ENV: 'test' }));
    const storagePath = config.storage.kind === 'file' ? config.storage.path : '';
    const demoDir = config.logs.backend === 'local' ? config.logs.demoDataDir : '';
    for (const folder of [storagePath, demoDir]) {
      expect(path.isAbsolute(folder)).toBe(true);
      expect(path.relative(REPO, folder).startsWith('..')).toBe(true);
    }
    expect(readConfig(isolatedEnv({ STORAGE_PATH: '/srv/state' })).storage).toEqual({
      kind: 'file',
      path: '/srv/state',
    });
  });
});
