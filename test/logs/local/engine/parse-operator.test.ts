/**
 * `parse`, with the inputs and expected results of the Kusto docs' parse-operator examples
 * (rewritten as datatables; the docs list rows in no particular order, the engine keeps input order).
 */
import { columns, d, engineWith, rows } from './engine-helper';

const engine = engineWith({});

const slice = (n: number, lock: string, release: string, previous: string, total = '27'): string =>
  `"Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=${total}, sliceNumber=${n}, lockTime=${lock}, releaseTime=${release}, previousLockTime=${previous})"`;

const TRACES = `let Traces = datatable(EventText: string) [
  ${slice(23, '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01')},
  ${slice(15, '02/17/2016 08:40:00', '02/17/2016 08:40:00', '02/17/2016 08:39:00')},
  ${slice(20, '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01')}
];
Traces`;

describe('parse (simple)', () => {
  it('extends the table with the typed columns of the pattern (docs: parse and extend results)', () => {
    const q = `${TRACES}
      | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
      | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime`;
    expect(columns(engine, q)).toEqual([
      'resourceName:string',
      'totalSlices:long',
      'sliceNumber:long',
      'lockTime:string',
      'releaseTime:datetime',
      'previousLockTime:datetime',
    ]);
    expect(rows(engine, q)).toEqual([
      [
        'PipelineScheduler',
        27,
        23,
        '02/17/2016 08:40:01',
        d('2016-02-17T08:40:01Z'),
        d('2016-02-17T08:39:01Z'),
      ],
      [
        'PipelineScheduler',
        27,
        15,
        '02/17/2016 08:40:00',
        d('2016-02-17T08:40:00Z'),
        d('2016-02-17T08:39:00Z'),
      ],
      [
        'PipelineScheduler',
        27,
        20,
        '02/17/2016 08:40:01',
        d('2016-02-17T08:40:01Z'),
        d('2016-02-17T08:39:01Z'),
      ],
    ]);
  });

  it('splits an email address and a web site (docs: extract email alias and DNS)', () => {
    const q = `datatable(Contacts: string) [
        "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)",
        "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)"
      ]
      | parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")"
      | project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain`;
    expect(rows(engine, q)).toEqual([
      ['john@contosohotel.com', 'john', 'contosohotel.com'],
      ['abi@fourthcoffee.com', 'abi', 'www.fourthcoffee.com'],
    ]);
  });

  it('gives empty/null columns when the text does not match, or a typed column does not convert', () => {
    const q = `datatable(s: string) ["id=7;name=x", "id=seven;name=y", "nothing here"]
      | parse s with "id=" id: long ";name=" name`;
    expect(rows(engine, q)).toEqual([
      ['id=7;name=x', 7, 'x'],
      ['id=seven;name=y', null, ''],
      ['nothing here', null, ''],
    ]);
  });

  it('parses a dictionary-coded stored column once per distinct text, with the same result as per row', () => {
    const stored = engineWith({
      AzureDiagnostics: [
        { TimeGenerated: d('2024-05-10T08:00:00Z'), ResultDescription: 'code=401 device=dev-1' },
        { TimeGenerated: d('2024-05-10T09:00:00Z'), ResultDescription: 'code=404 device=dev-2' },
        { TimeGenerated: d('2024-05-10T10:00:00Z'), ResultDescription: 'code=401 device=dev-1' },
      ],
    });
    const q =
      'AzureDiagnostics | parse ResultDescription with "code=" code: int " device=" device | summarize count() by code, device';
    expect(rows(stored, q)).toEqual([
      [401, 'dev-1', 2],
      [404, 'dev-2', 1],
    ]);
  });
});

describe('parse kind=regex', () => {
  it('reads the delimiters as regular expressions; string columns are greedy (docs: regex mode)', () => {
    const q = `${TRACES}
      | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long  ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)"
      | project resourceName, sliceNumber, lockTime, releaseTime, previousLockTime
      | take 2`;
    expect(rows(engine, q)).toEqual([
      ['PipelineScheduler', 23, '02/17/2016 08:40:01, ', '02/17/2016 08:40:01, ', d('2016-02-17T08:39:01Z')],
      ['PipelineScheduler', 15, '02/17/2016 08:40:00, ', '02/17/2016 08:40:00, ', d('2016-02-17T08:39:00Z')],
    ]);
  });

  it('is greedy by default and lazy and case-insensitive with flags=Ui (docs: regex mode with regex flags)', () => {
    const greedy = `${TRACES} | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName | take 1`;
    expect(rows(engine, greedy)).toEqual([
      [
        'PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01',
      ],
    ]);
    const lazy = `${TRACES} | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`;
    expect(rows(engine, lazy)).toEqual([['PipelineScheduler'], ['PipelineScheduler'], ['PipelineScheduler']]);
  });

  it('matches across newlines with flags=s (docs)', () => {
    const q = `datatable(EventText: string) ["Event: NotifySliceRelease (resourceName=PipelineScheduler\\ntotalSlices=27\\nsliceNumber=23\\nlockTime=02/17/2016 08:40:01\\nreleaseTime=02/17/2016 08:40:01\\npreviousLockTime=02/17/2016 08:39:01)"]
      | parse kind=regex flags=s EventText with * "resourceName=" resourceName: string "(.*?)totalSlices=" totalSlices: long "(.*?)lockTime=" lockTime: datetime "(.*?)releaseTime=" releaseTime: datetime "(.*?)previousLockTime=" previousLockTime: datetime "\\\\)"
      | project-away EventText`;
    expect(rows(engine, q)).toEqual([
      [
        'PipelineScheduler\n',
        27,
        d('2016-02-17T08:40:01Z'),
        d('2016-02-17T08:40:01Z'),
        d('2016-02-17T08:39:01Z'),
      ],
    ]);
  });
});

describe('parse kind=relaxed', () => {
  const q = (kind: string): string => `datatable(EventText: string) [
      ${slice(23, '02/17/2016 08:40:01', 'nonValidDateTime 08:40:01', '02/17/2016 08:39:01')},
      ${slice(20, '02/17/2016 08:40:01', 'nonValidDateTime 08:40:01', '02/17/2016 08:39:01', 'nonValidLongValue')},
      ${slice(22, '02/17/2016 08:41:01', '02/17/2016 08:41:00', '02/17/2016 08:40:01')}
    ]
    | parse kind=${kind} EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *
    | project-away EventText`;

  it('nulls only the columns that do not convert (docs: relaxed mode)', () => {
    expect(rows(engine, q('relaxed'))).toEqual([
      ['PipelineScheduler', 27, 23, '02/17/2016 08:40:01', null, d('2016-02-17T08:39:01Z')],
      ['PipelineScheduler', null, 20, '02/17/2016 08:40:01', null, d('2016-02-17T08:39:01Z')],
      [
        'PipelineScheduler',
        27,
        22,
        '02/17/2016 08:41:01',
        d('2016-02-17T08:41:00Z'),
        d('2016-02-17T08:40:01Z'),
      ],
    ]);
  });
  it('in simple mode the same rows get null in every column (the docs: strict)', () => {
    expect(rows(engine, q('simple'))).toEqual([
      ['', null, null, '', null, null],
      ['', null, null, '', null, null],
      [
        'PipelineScheduler',
        27,
        22,
        '02/17/2016 08:41:01',
        d('2016-02-17T08:41:00Z'),
        d('2016-02-17T08:40:01Z'),
      ],
    ]);
  });
});
