import { CsvSplitter } from '../../../src/logs/local/loaders/csv-records';
import { JsonDocumentScanner } from '../../../src/logs/local/loaders/json-records';
import type { ParsedItem } from '../../../src/logs/local/loaders/parsed-item';

const CSV =
  '\uFEFFTimeGenerated [UTC],Category,properties_s\r\n' +
  '"3/2/2026, 10:15:04.500 AM",Connections,"{""deviceId"":""서울-42"",""errorMessage"":""line one\r\nline two""}"\r\n' +
  '\r\n' +
  '2026-03-02T10:16:00Z,Connections,"{""deviceId"":""b""}"\r\n' +
  '2026-03-02T10:17:00Z,,plain ümlaut';

function split(chunks: readonly Buffer[]) {
  const splitter = new CsvSplitter();
  const records = chunks.flatMap((chunk) => splitter.feed(chunk));
  return [...records, ...splitter.end()];
}

describe('CsvSplitter', () => {
  const whole = split([Buffer.from(CSV, 'utf8')]);

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering records by their first line', () => {
    expect(whole).toEqual([
      { line: 1, fields: ['TimeGenerated [UTC]', 'Category', 'properties_s'] },
      {
        line: 2,
        fields: [
          '3/2/2026, 10:15:04.500 AM',
          'Connections',
          '{"deviceId":"서울-42","errorMessage":"line one\r\nline two"}',
        ],
      },
      { line: 4, fields: [''] },
      { line: 5, fields: ['2026-03-02T10:16:00Z', 'Connections', '{"deviceId":"b"}'] },
      { line: 6, fields: ['2026-03-02T10:17:00Z', '', 'plain ümlaut'] },
    ]);
  });

  it('gives the same records whichever byte the chunks are cut at (inside quotes, CRLF, UTF-8 characters)', () => {
    const bytes = Buffer.from(CSV, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
  });

  it('reports a quoted field that never closes', () => {
    expect(split([Buffer.from('a,b\n1,"open\n')])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, reason: 'a quoted field is never closed (truncated file?)' },
    ]);
  });
});

describe('JsonDocumentScanner', () => {
  const DOCUMENT = JSON.stringify(
    {
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'TimeGenerated', type: 'datetime' },
            { name: 'properties_s', type: 'string' },
          ],
          rows: [
            ['2026-03-02T10:15:04Z', '{"deviceId":"서울-42","note":"a \\"quoted\\" ]} text"}'],
            ['2026-03-02T10:16:04Z', '{}'],
          ],
        },
      ],
    },
    null,
    2,
  );

  function scan(parts: readonly string[]): ParsedItem[] {
    const scanner = new JsonDocumentScanner();
    const items: ParsedItem[] = [];
    for (const part of parts) scanner.feed(part, items);
    scanner.end(items);
    return items;
  }

  it('yields the columns and each positional row of a query API response', () => {
    expect(scan([DOCUMENT])).toEqual([
      {
        kind: 'columns',
        line: 5,
        columns: [
          { name: 'TimeGenerated', type: 'datetime' },
          { name: 'properties_s', type: 'string' },
        ],
      },
      {
        kind: 'row',
        line: 16,
        values: ['2026-03-02T10:15:04Z', '{"deviceId":"서울-42","note":"a \\"quoted\\" ]} text"}'],
      },
      { kind: 'row', line: 20, values: ['2026-03-02T10:16:04Z', '{}'] },
    ]);
  });

  it('gives the same items whichever character the text is cut at (inside keys, strings, escapes)', () => {
    const whole = scan([DOCUMENT]);
    for (let cut = 1; cut < DOCUMENT.length; cut++) {
      expect(scan([DOCUMENT.slice(0, cut), DOCUMENT.slice(cut)])).toEqual(whole);
    }
  });
});
