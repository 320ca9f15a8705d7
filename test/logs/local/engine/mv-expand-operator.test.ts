/** `mv-expand`, with the inputs and expected results of the Kusto docs' mv-expand examples. */
import { QUERY_LIMIT_CODE } from '../../../../src/logs/local/evaluator/limits';
import { columns, engineWith, queryError, rows } from './engine-helper';

const engine = engineWith({});

describe('mv-expand', () => {
  it('makes a row per array element (docs: single column - array expansion)', () => {
    const q = `datatable (a: int, b: dynamic) [1, dynamic([10, 20]), 2, dynamic(["a", "b"])] | mv-expand b`;
    expect(rows(engine, q)).toEqual([
      [1, 10],
      [1, 20],
      [2, 'a'],
      [2, 'b'],
    ]);
  });
  it('makes a one-entry bag per property (docs: bag expansion)', () => {
    const q = `datatable (a: int, b: dynamic) [
        1, dynamic({"prop1": "a1", "prop2": "b1"}),
        2, dynamic({"prop1": "a2", "prop2": "b2"})
      ] | mv-expand b`;
    expect(rows(engine, q)).toEqual([
      [1, { prop1: 'a1' }],
      [1, { prop2: 'b1' }],
      [2, { prop1: 'a2' }],
      [2, { prop2: 'b2' }],
    ]);
  });
  it('makes [key, value] arrays with kind=array (docs: bag expansion to key-value pairs)', () => {
    const q = `datatable (a: int, b: dynamic) [1, dynamic({"prop1": "a1", "prop2": "b1"})]
      | mv-expand kind=array b | extend key = b[0], val = b[1]`;
    expect(rows(engine, q)).toEqual([
      [1, ['prop1', 'a1'], 'prop1', 'a1'],
      [1, ['prop2', 'b1'], 'prop2', 'b1'],
    ]);
  });
  it('zips two columns, null past the shorter one (docs: zipped two columns)', () => {
    const q = `datatable (a: int, b: dynamic, c: dynamic) [1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])]
      | mv-expand b, c`;
    expect(rows(engine, q)).toEqual([
      [1, { prop1: 'a' }, 5],
      [1, { prop2: 'b' }, 4],
      [1, null, 3],
    ]);
  });
  it('gives the Cartesian product when expanded one after the other (docs)', () => {
    const q = `datatable (a: int, b: dynamic, c: dynamic) [1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6])]
      | mv-expand b | mv-expand c`;
    expect(rows(engine, q)).toEqual([
      [1, { prop1: 'a' }, 5],
      [1, { prop1: 'a' }, 6],
      [1, { prop2: 'b' }, 5],
      [1, { prop2: 'b' }, 6],
    ]);
  });
  it('types the expanded column with to typeof() (docs: convert output)', () => {
    const q = `datatable (a: string, b: dynamic, c: dynamic) ["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])]
      | mv-expand b, c to typeof(int)`;
    expect(columns(engine, q)).toEqual(['a:string', 'b:dynamic', 'c:int']);
    expect(rows(engine, q)[3]).toEqual(['Constant', 4, 9]);
  });
  it('adds the element index with with_itemindex (docs: using with_itemindex)', () => {
    const q = `datatable (x: long) [1, 2, 3, 4] | summarize x = make_list(x) | mv-expand with_itemindex=Index x`;
    expect(rows(engine, q)).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });
  it('keeps a null as one row, drops an empty array, caps each row at limit', () => {
    const q = `datatable (k: string, v: dynamic) ["n", dynamic(null), "e", dynamic([]), "l", dynamic([1, 2, 3])]
      | mv-expand v limit 2`;
    expect(rows(engine, q)).toEqual([
      ['n', null],
      ['l', 1],
      ['l', 2],
    ]);
  });
  it('expands a named expression into a new column, and elements that are not the type become null', () => {
    const q = `print k = 1 | mv-expand n = dynamic([1, "x", 2.5]) to typeof(long)`;
    expect(columns(engine, q)).toEqual(['k:long', 'n:long']);
    expect(rows(engine, q)).toEqual([
      [1, 1],
      [1, null],
      [1, null],
    ]);
  });
  it('stops at the operator row limit while it expands, instead of growing without bound', () => {
    const many = JSON.stringify(Array.from({ length: 600 }, (_, i) => i));
    const q = `datatable (k: long) [1, 2] | mv-expand x = dynamic(${many})`;
    expect(rows(engine, q)).toHaveLength(1200);
    const error = queryError(engine, q, { limits: { maxOperatorRows: 1000, maxOperatorCells: Infinity } });
    expect(error.details.code).toBe(QUERY_LIMIT_CODE);
    expect(error.message).toContain('The mv-expand produced more than 1,000 rows');
  });
});
