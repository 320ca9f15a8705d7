/** `top-nested`, with the input and expected results of the Kusto docs' top-nested examples. */
import { columns, d, engineWith, rows } from './engine-helper';

const engine = engineWith({});

const SALES = `datatable(Region: string, Seller: string, Amount: long) [
  "west", "ann", 10, "west", "bob", 5, "west", "cid", 1, "west", "ann", 4,
  "east", "dee", 20, "east", "eve", 2,
  "north", "fay", 3
]`;

describe('top-nested', () => {
  it('keeps the latest records per identity with the other columns (docs)', () => {
    const q = `datatable(id: string, timestamp: datetime, otherInformation: string) [
        "Barak", datetime(2015-01-01), "1",
        "Barak", datetime(2016-01-01), "2",
        "Barak", datetime(2017-01-20), "3",
        "Donald", datetime(2017-01-20), "4",
        "Donald", datetime(2017-01-18), "5",
        "Donald", datetime(2017-01-19), "6"
      ]
      | top-nested of id by Ignore0=max(1),
        top-nested 2 of timestamp by Ignore1=max(timestamp),
        top-nested of otherInformation by Ignore2=max(1)
      | project-away Ignore0, Ignore1, Ignore2`;
    // The docs list the same four rows sorted by timestamp; the engine gives them depth first.
    expect(rows(engine, q)).toEqual([
      ['Barak', d('2017-01-20T00:00:00Z'), '3'],
      ['Barak', d('2016-01-01T00:00:00Z'), '2'],
      ['Donald', d('2017-01-20T00:00:00Z'), '4'],
      ['Donald', d('2017-01-19T00:00:00Z'), '6'],
    ]);
  });
  it('ranks each level within the previous one, two columns per clause', () => {
    const q = `${SALES} | top-nested 2 of Region by sum(Amount), top-nested 1 of Seller by sum(Amount)`;
    expect(columns(engine, q)).toEqual([
      'Region:string',
      'aggregated_Region:long',
      'Seller:string',
      'aggregated_Seller:long',
    ]);
    expect(rows(engine, q)).toEqual([
      ['east', 22, 'dee', 20],
      ['west', 20, 'ann', 14],
    ]);
  });
  it('adds an others row per level with the aggregate of what did not make the top (docs: with others)', () => {
    const q = `${SALES}
      | top-nested 1 of Region with others="other regions" by total = sum(Amount),
        top-nested 1 of Seller with others="other sellers" by sum(Amount)`;
    expect(rows(engine, q)).toEqual([
      ['east', 22, 'dee', 20],
      ['east', 22, 'other sellers', 2],
      ['other regions', 23, '', null],
    ]);
  });
  it('orders ascending with asc, and takes an expression over aggregates', () => {
    const q = `${SALES} | top-nested 2 of Region by avgAmount = sum(Amount) * 1.0 / count() asc`;
    expect(rows(engine, q)).toEqual([
      ['north', 3],
      ['west', 5],
    ]);
  });
});
