/**
 * `search` and `where * has|contains`, with the expected rows of the Kusto documentation's
 * examples (search-operator: ContosoSales rewritten as datatables) and its predicate table.
 */
import { columns, d, engineWith, rows } from './engine-helper';
import { DIAG, METRICS } from './fixtures';

const engine = engineWith({ AzureDiagnostics: DIAG, AzureMetrics: METRICS });

const CONTOSO = `let Customers = datatable(CityName:string, FirstName:string, LastName:string, CustomerKey:long)[
  "Ballard", "Mason", "Green", 16549,
  "Bellingham", "Aaron", "Sharma", 802,
  "Burbank", "Riley", "Hughes", 18285,
  "Seattle", "Greenfield", "Smith", 1];
let Products = datatable(ProductName:string, ColorName:string, ClassName:string)[
  "Contoso 8GB Clock & Radio MP3 Player X850 Green", "Green", "Deluxe",
  "Proseware Duplex Scanner M200 Green", "Green", "Regular",
  "Litware 120mm Blue LED Case Fan E901 blue", "blue", "Economy",
  "Contoso Bright Light battery E20 Blue", "Blue", "Economy"];
let SalesTable = datatable(DateKey:datetime, Customer:string, SalesAmount_real:real)[
  datetime(2021-12-13), "Hughes", 446.4715,
  datetime(2008-01-01), "Hughes", 1.5];
`;
const ALL = 'in (Customers, Products, SalesTable)';

describe('search', () => {
  it('finds a term in every column of every table, with $table first (global term search)', () => {
    const kql = `${CONTOSO}search ${ALL} "Green"`;
    expect(columns(engine, kql)).toEqual([
      '$table:string',
      'CityName:string',
      'FirstName:string',
      'LastName:string',
      'CustomerKey:long',
      'ProductName:string',
      'ColorName:string',
      'ClassName:string',
      'DateKey:datetime',
      'Customer:string',
      'SalesAmount_real:real',
    ]);
    expect(rows(engine, `${kql} | project $table, LastName, ColorName`)).toEqual([
      ['Customers', 'Green', ''],
      ['Products', '', 'Green'],
      ['Products', '', 'Green'],
    ]);
  });

  it('combines terms with and / or (conditional global term search)', () => {
    const kql = `${CONTOSO}search ${ALL} "Green" and ("Deluxe" or "Proseware") | project ProductName`;
    expect(rows(engine, kql)).toEqual([
      ['Contoso 8GB Clock & Radio MP3 Player X850 Green'],
      ['Proseware Duplex Scanner M200 Green'],
    ]);
  });

  it('is case-insensitive unless kind=case_sensitive', () => {
    expect(rows(engine, `${CONTOSO}search ${ALL} "blue" | count`)).toEqual([[2]]);
    expect(rows(engine, `${CONTOSO}search kind=case_sensitive ${ALL} "blue" | project ColorName`)).toEqual([
      ['blue'],
    ]);
  });

  it('restricts a term to a column with Col:"term" (search specific columns)', () => {
    const kql = `${CONTOSO}search ${ALL} FirstName:"Aaron" or LastName:"Hughes" | project $table, FirstName, LastName`;
    expect(rows(engine, kql)).toEqual([
      ['Customers', 'Aaron', 'Sharma'],
      ['Customers', 'Riley', 'Hughes'],
    ]);
  });

  it('mixes a term with a comparison on a column only one table has (limit search by timestamp)', () => {
    const kql = `${CONTOSO}search ${ALL} "Hughes" and DateKey > datetime('2009-01-01') | project $table, DateKey, SalesAmount_real`;
    expect(rows(engine, kql)).toEqual([['SalesTable', d('2021-12-13T00:00:00Z'), 446.4715]]);
  });

  it('maps the wildcards of a term to hasprefix, hassuffix, contains and a word regex', () => {
    const over = `${CONTOSO}search in (Customers, Products)`;
    expect(rows(engine, `${over} "Gree*" | project FirstName, ProductName`)).toEqual([
      ['Mason', ''],
      ['Greenfield', ''],
      ['', 'Contoso 8GB Clock & Radio MP3 Player X850 Green'],
      ['', 'Proseware Duplex Scanner M200 Green'],
    ]);
    expect(rows(engine, `${over} "*field" | project FirstName`)).toEqual([['Greenfield']]);
    expect(rows(engine, `${over} "*ee*" | count`)).toEqual([[4]]);
    expect(rows(engine, `${over} "bl*FAN" | project ProductName`)).toEqual([
      ['Litware 120mm Blue LED Case Fan E901 blue'],
    ]);
  });

  it('searches a piped input, the stored tables, and everything with search *', () => {
    expect(rows(engine, `${CONTOSO}Customers | search "green"`)).toEqual([
      ['Customers', 'Ballard', 'Mason', 'Green', 16549],
    ]);
    expect(rows(engine, 'search "IoTHubUnauthorized" | project $table, ResultType')).toEqual([
      ['AzureDiagnostics', '401003'],
    ]);
    expect(rows(engine, 'AzureDiagnostics | search "dev-2" | project ResultType')).toEqual([
      [''],
      ['401003'],
    ]);
    expect(rows(engine, 'search * | summarize count() by $table')).toEqual([
      ['AzureDiagnostics', DIAG.length],
      ['AzureMetrics', METRICS.length],
    ]);
  });
});

describe('where * has / contains', () => {
  it('is true when any column has the term (other types compared as text)', () => {
    expect(rows(engine, 'AzureDiagnostics | where * has "Amqp" | count')).toEqual([[2]]);
    expect(rows(engine, 'AzureDiagnostics | where * contains "nauthor" | project ResultType')).toEqual([
      ['401003'],
    ]);
    // DurationMs is a long: 100 is found as the text "100".
    expect(rows(engine, 'AzureDiagnostics | where * has "100" | project DurationMs')).toEqual([[100]]);
  });

  it('negated, it holds only when no column has the term', () => {
    expect(rows(engine, 'AzureDiagnostics | where * !has "Connections" | project Category')).toEqual([
      ['Routes'],
    ]);
  });

  it('gives the rows search gives', () => {
    expect(rows(engine, 'AzureDiagnostics | where * has "Mqtt" | project TimeGenerated')).toEqual(
      rows(engine, 'AzureDiagnostics | search "Mqtt" | project TimeGenerated'),
    );
  });
});
