/** `lookup`, with the expected rows of the Kusto documentation's example (lookup-operator). */
import { columns, engineWith, rows } from './engine-helper';

const engine = engineWith({});

const TABLES = `let FactTable=datatable(Row:string,Personal:string,Family:string) [
  "1", "Bill",   "Gates",
  "2", "Bill",   "Clinton",
  "3", "Bill",   "Clinton",
  "4", "Steve",  "Ballmer",
  "5", "Tim",    "Cook"
];
let DimTable=datatable(Personal:string,Family:string,Alias:string) [
  "Bill",  "Gates",   "billg",
  "Bill",  "Clinton", "billc",
  "Steve", "Ballmer", "steveb",
  "Tim",   "Cook",    "timc"
];
`;

describe('lookup', () => {
  it('extends the fact table with the dimension columns, keys once (the documentation example)', () => {
    const kql = `${TABLES}FactTable | lookup kind=leftouter DimTable on Personal, Family`;
    expect(columns(engine, kql)).toEqual(['Row:string', 'Personal:string', 'Family:string', 'Alias:string']);
    expect(rows(engine, kql)).toEqual([
      ['1', 'Bill', 'Gates', 'billg'],
      ['2', 'Bill', 'Clinton', 'billc'],
      ['3', 'Bill', 'Clinton', 'billc'],
      ['4', 'Steve', 'Ballmer', 'steveb'],
      ['5', 'Tim', 'Cook', 'timc'],
    ]);
  });

  it('is leftouter by default: an unmatched left row stays, with empty right columns', () => {
    const kql = `${TABLES}FactTable | where Row in ("1", "5") | lookup (DimTable | where Alias != "timc") on Personal, Family`;
    expect(rows(engine, kql)).toEqual([
      ['1', 'Bill', 'Gates', 'billg'],
      ['5', 'Tim', 'Cook', ''],
    ]);
  });

  it('kind=inner drops the unmatched left rows', () => {
    const kql = `${TABLES}FactTable | lookup kind=inner (DimTable | where Alias != "timc") on Personal, Family | project Row`;
    expect(rows(engine, kql)).toEqual([['1'], ['2'], ['3'], ['4']]);
  });

  it('matches $left.a == $right.b and leaves the right key out, renaming a clashing right column', () => {
    const kql = `datatable(a:string, v:long)["x", 1, "y", 2]
      | lookup (datatable(b:string, w:long, v:long)["x", 10, 100]) on $left.a == $right.b`;
    expect(columns(engine, kql)).toEqual(['a:string', 'v:long', 'w:long', 'v1:long']);
    expect(rows(engine, kql)).toEqual([
      ['x', 1, 10, 100],
      ['y', 2, null, null],
    ]);
  });
});
