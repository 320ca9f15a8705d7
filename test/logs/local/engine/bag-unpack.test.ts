/** `evaluate bag_unpack`, with the expected results of the Kusto documentation's examples (bag-unpack-plugin). */
import { columns, engineWith, queryError, rows } from './engine-helper';

const engine = engineWith({});

const PEOPLE = `datatable(d:dynamic)
[
    dynamic({"Name": "John", "Age":20}),
    dynamic({"Name": "Dave", "Age":40}),
    dynamic({"Name": "Jasmine", "Age":30}),
]`;

describe('evaluate bag_unpack', () => {
  it('expands a bag: a column per slot, sorted by name, typed by its values', () => {
    const kql = `${PEOPLE} | evaluate bag_unpack(d)`;
    expect(columns(engine, kql)).toEqual(['Age:long', 'Name:string']);
    expect(rows(engine, kql)).toEqual([
      [20, 'John'],
      [40, 'Dave'],
      [30, 'Jasmine'],
    ]);
  });

  it('prefixes the column names', () => {
    const kql = `${PEOPLE} | evaluate bag_unpack(d, 'Property_')`;
    expect(columns(engine, kql)).toEqual(['Property_Age:long', 'Property_Name:string']);
  });

  it('takes the union of the slots: a row without one has null there', () => {
    const kql = `datatable(d:dynamic)
      [
        dynamic({"Name": "John", "Age":20}),
        dynamic({ "Name": "Dave", "Height": 170, "Age":40}),
        dynamic({"Name": "Jasmine", "Age":30}),
      ]
      | evaluate bag_unpack(d)`;
    expect(columns(engine, kql)).toEqual(['Age:long', 'Height:long', 'Name:string']);
    expect(rows(engine, kql)).toEqual([
      [20, null, 'John'],
      [40, 170, 'Dave'],
      [30, null, 'Jasmine'],
    ]);
  });

  it('resolves a clash with an input column as columnsConflict says (error by default)', () => {
    const table = `datatable(Name:string, d:dynamic)
      [
        'Old_name', dynamic({"Name": "John", "Age":20}),
        'Old_name', dynamic({"Name": "Dave", "Age":40}),
      ]`;
    expect(rows(engine, `${table} | evaluate bag_unpack(d, columnsConflict='replace_source')`)).toEqual([
      [20, 'John'],
      [40, 'Dave'],
    ]);
    expect(rows(engine, `${table} | evaluate bag_unpack(d, columnsConflict='keep_source')`)).toEqual([
      ['Old_name', 20],
      ['Old_name', 40],
    ]);
    expect(queryError(engine, `${table} | evaluate bag_unpack(d)`).message).toContain("'Name'");
  });

  it('with an output schema and *: the input columns and the declared slots, typed as declared', () => {
    const kql = `datatable(d:dynamic, Description: string)
      [
        dynamic({"Name": "John", "Age":20, "height":180}), "Student",
        dynamic({"Name": "Dave", "Age":40, "height":160}), "Teacher",
        dynamic({"Name": "Jasmine", "Age":30, "height":172}), "Student",
      ]
      | evaluate bag_unpack(d) : (*, Name:string, Age:long)`;
    expect(columns(engine, kql)).toEqual(['Description:string', 'Name:string', 'Age:long']);
    expect(rows(engine, kql)).toEqual([
      ['Student', 'John', 20],
      ['Teacher', 'Dave', 40],
      ['Student', 'Jasmine', 30],
    ]);
  });

  it('gives a slot with values of several types the dynamic type', () => {
    const kql = `datatable(d:dynamic)[dynamic({"v": 1}), dynamic({"v": "one"}), dynamic({"v": 1.5})] | evaluate bag_unpack(d)`;
    expect(columns(engine, kql)).toEqual(['v:dynamic']);
  });

  it('lets later operators read the unpacked columns', () => {
    const kql = `${PEOPLE} | evaluate bag_unpack(d) | where Age > 25 | project Name`;
    expect(rows(engine, kql)).toEqual([['Dave'], ['Jasmine']]);
  });
});
