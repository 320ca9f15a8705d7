import codesData from '../../src/knowledge/codes.json';
import findingsData from '../../src/knowledge/findings.json';
import { KnowledgeError, loadCatalog } from '../../src/knowledge/catalog';

type RawFinding = (typeof findingsData)[number];
type RawCodes = typeof codesData;

function freshFindings(): RawFinding[] {
  return structuredClone(findingsData);
}

function freshCodes(): RawCodes {
  return structuredClone(codesData);
}

function entryOf<Entry extends { id: string }>(entries: Entry[], id: string): Entry {
  const entry = entries.find((candidate) => candidate.id === id);
  if (entry === undefined) throw new Error(`test setup: no ${id}`);
  return entry;
}

function loadWithFinding(id: string, change: (entry: RawFinding) => void): () => void {
  const findings = freshFindings();
  change(entryOf(findings, id));
  return () => loadCatalog(findings, codesData);
}

describe('loadCatalog', () => {
  it('accepts the shipped data', () => {
    const catalog = loadCatalog(findingsData, codesData);
    expect(catalog.findings.length).toBe(findingsData.length);
    expect(catalog.codes.length).toBe(codesData.codes.length);
    expect(catalog.families.length).toBe(codesData.families.length);
  });

  it('rejects a file that is not an array', () => {
    expect(() => loadCatalog({}, codesData)).toThrow(/findings\.json must hold an array/);
  });

  it('names the entry and the field when a Korean title is empty', () => {
    const load = loadWithFinding('iothub.401003.rule-denied', (entry) => {
      entry.text.ko.title = ' ';
    });
    expect(load).toThrow(KnowledgeError);
    expect(load).toThrow(/findings\.json\[\d+\] \(iothub\.401003\.rule-denied\).*text\.ko\.title/);
  });

  it('rejects an unknown finding id', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.id = 'iothub.flaping';
    });
    expect(load).toThrow(/iothub\.flaping.*id/);
  });

  it('rejects an unknown severity', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.severity = 'fatal';
    });
    expect(load).toThrow(/iothub\.flapping.*severity/);
  });

  it('rejects a source that does not match the id', () => {
    const load = loadWithFinding('dps.429.throttled', (entry) => {
      entry.source = 'iothub';
    });
    expect(load).toThrow(/dps\.429\.throttled.*source/);
  });

  it('rejects an undocumented placeholder in a summary', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.text.en.summary = '{device} flaps';
      entry.text.ko.summary = '{device} 장치';
    });
    expect(load).toThrow(/undocumented placeholder \{device\}/);
  });

  it('rejects en and ko summaries with different placeholders', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.text.ko.summary = '장치 {deviceId}에서 연결이 반복돼요.';
    });
    expect(load).toThrow(/iothub\.flapping.*placeholders differ from en/);
  });

  it('rejects a placeholder outside the summary', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.text.en.fixes[0] = 'Restart {deviceId}.';
    });
    expect(load).toThrow(/text\.en\.fixes\[0\].*only summary may use/);
  });

  it('rejects a ko list with a different length than en', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      entry.text.ko.fixes.pop();
    });
    expect(load).toThrow(/text\.ko\.fixes.*en has/);
  });

  it('rejects links outside learn.microsoft.com', () => {
    const load = loadWithFinding('iothub.flapping', (entry) => {
      const [first] = entry.links;
      if (first) first.url = 'https://example.com/iot';
    });
    expect(load).toThrow(/iothub\.flapping.*links\.0\.url/);
  });

  it('rejects unexpected fields (typos in field names)', () => {
    const findings: unknown[] = freshFindings().map((entry) =>
      entry.id === 'iothub.flapping' ? { ...entry, severty: 'info' } : entry,
    );
    expect(() => loadCatalog(findings, codesData)).toThrow(/iothub\.flapping.*severty/);
  });

  it('rejects a duplicate id', () => {
    const findings = freshFindings();
    findings.push(entryOf(freshFindings(), 'data.recent-window'));
    expect(() => loadCatalog(findings, codesData)).toThrow(/data\.recent-window appears twice/);
  });

  it('rejects a catalog that lacks a contract id', () => {
    const findings = freshFindings().filter((entry) => entry.id !== 'dps.412.etag-mismatch');
    expect(() => loadCatalog(findings, codesData)).toThrow(/lacks dps\.412\.etag-mismatch/);
  });

  it('derives the findings of a code from the findings that name it, within the same service', () => {
    const catalog = loadCatalog(findingsData, codesData);
    const byCode = (source: string, code: string) =>
      catalog.codes.find((entry) => entry.source === source && entry.code === code);
    expect(byCode('iothub', '409002')?.findingIds).toEqual(['iothub.409002.link-conflict']);
    expect(byCode('iothub', '404104')?.findingIds).toEqual(
      expect.arrayContaining(['iothub.401003.token-renewal', 'fleet.mass-disconnect']),
    );
    expect(byCode('dps', '404201')?.findingIds).toEqual(['dps.404.not-found']);
    expect(byCode('iothub', '400004')?.findingIds).toEqual([]);
  });

  it('rejects a finding that names a code without a code entry', () => {
    const codes = freshCodes();
    codes.codes = codes.codes.filter((candidate) => candidate.code !== '412');
    expect(() => loadCatalog(findingsData, codes)).toThrow(
      /dps\.412\.etag-mismatch names codes without an entry.*412/,
    );
  });

  it('rejects two code entries with the same name in different families', () => {
    const codes = freshCodes();
    const entry = codes.codes.find((candidate) => candidate.code === '409001');
    if (entry === undefined) throw new Error('test setup: no 409001');
    entry.name = 'deviceNotFound';
    expect(() => loadCatalog(findingsData, codes)).toThrow(/409001 deviceNotFound is not unique/);
  });

  it('rejects the same code twice, and an IoT Hub code outside every family', () => {
    const twice = freshCodes();
    const first = twice.codes[0];
    if (first === undefined) throw new Error('test setup: no codes');
    twice.codes.push(first);
    expect(() => loadCatalog(findingsData, twice)).toThrow(/appears twice/);
    const orphan = freshCodes();
    const entry = orphan.codes.find((candidate) => candidate.code === '499000');
    if (entry === undefined) throw new Error('test setup: no 499000');
    entry.code = '600000';
    expect(() => loadCatalog(findingsData, orphan)).toThrow(/iothub 600000 belongs to no code family/);
  });

  it('rejects a DPS detail code without its status entry, and a codes file that is not an object', () => {
    const codes = freshCodes();
    codes.codes = codes.codes.filter(
      (candidate) => !(candidate.source === 'dps' && candidate.code === '404'),
    );
    expect(() => loadCatalog(findingsData, codes)).toThrow(/dps 404201 has no status entry 404|dps\.404/);
    expect(() => loadCatalog(findingsData, [])).toThrow(/codes\.json must hold an object/);
  });
});
