import codesData from '../../src/knowledge/codes.json';
import findingsData from '../../src/knowledge/findings.json';
import { KnowledgeError, loadCatalog } from '../../src/knowledge/catalog';

type RawFinding = (typeof findingsData)[number];
type RawCode = (typeof codesData)[number];

function freshFindings(): RawFinding[] {
  return structuredClone(findingsData);
}

function freshCodes(): RawCode[] {
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
    expect(catalog.codes.length).toBe(codesData.length);
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

  it('rejects a code entry whose finding list disagrees with the findings', () => {
    const codes = freshCodes();
    const entry = codes.find((candidate) => candidate.code === '409002');
    if (entry === undefined) throw new Error('test setup: no 409002');
    entry.findingIds = ['iothub.flapping'];
    expect(() => loadCatalog(findingsData, codes)).toThrow(/codes\.json: 409002 lists \[iothub\.flapping\]/);
  });

  it('rejects a finding that names a code without a code entry', () => {
    const codes = freshCodes().filter((candidate) => candidate.code !== '412');
    expect(() => loadCatalog(findingsData, codes)).toThrow(
      /dps\.412\.etag-mismatch names codes without an entry.*412/,
    );
  });

  it('rejects two code entries with the same name', () => {
    const codes = freshCodes();
    const entry = codes.find((candidate) => candidate.code === '404');
    if (entry === undefined) throw new Error('test setup: no 404');
    entry.name = 'deviceNotFound';
    expect(() => loadCatalog(findingsData, codes)).toThrow(/404 deviceNotFound is not unique/);
  });
});
