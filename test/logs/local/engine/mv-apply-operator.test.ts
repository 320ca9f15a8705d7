/** `mv-apply`, with the inputs and expected results of the Kusto docs' mv-apply examples. */
import { columns, engineWith, rows } from './engine-helper';

const engine = engineWith({});

describe('mv-apply', () => {
  it('runs the subquery over each row of the expansion (docs: internal mv-expand done by mv-apply)', () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [0, dynamic([7]), 1, dynamic([6, 11, 7])];
      data | mv-apply Arr2=Arr to typeof(long) on (take 100)`;
    expect(columns(engine, q)).toEqual(['index:int', 'Arr:dynamic', 'Arr2:long']);
    expect(rows(engine, q)).toEqual([
      [0, [7], 7],
      [1, [6, 11, 7], 6],
      [1, [6, 11, 7], 11],
      [1, [6, 11, 7], 7],
    ]);
  });
  it('picks the largest element of each array (docs)', () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [0, dynamic([1, 5, 3]), 1, dynamic([10, 2, 5, 7])];
      data | mv-apply topElem=Arr to typeof(long) on (top 1 by topElem)`;
    expect(rows(engine, q)).toEqual([
      [0, [1, 5, 3], 5],
      [1, [10, 2, 5, 7], 10],
    ]);
  });
  it('summarizes each row on its own (docs: find top two elements in an array)', () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])];
      data | mv-apply Arr2=Arr to typeof(long) on (top 2 by Arr2 | summarize Top2=make_list(Arr2))`;
    expect(rows(engine, q)).toEqual([
      [0, [5, 1, 3], [5, 3]],
      [1, [4, 10, 8, 7], [10, 8]],
    ]);
  });
  it('expands several arrays in parallel (docs: select elements in arrays)', () => {
    const q = `datatable (Val:int, Arr1:dynamic, Arr2:dynamic) [
        1, dynamic(["A1", "A2", "A3"]), dynamic([10, 30, 7]),
        7, dynamic(["B1", "B2", "B5"]), dynamic([15, 11, 50]),
        3, dynamic(["C1", "C2", "C3", "C4"]), dynamic([6, 40, 20, 8])
      ]
      | mv-apply NewArr1=Arr1, NewArr2=Arr2 to typeof(long) on (
          top 2 by NewArr2
          | summarize NewArr1=make_list(NewArr1), NewArr2=make_list(NewArr2))`;
    expect(rows(engine, q)).toEqual([
      [1, ['A1', 'A2', 'A3'], [10, 30, 7], ['A2', 'A1'], [30, 10]],
      [7, ['B1', 'B2', 'B5'], [15, 11, 50], ['B5', 'B1'], [50, 15]],
      [3, ['C1', 'C2', 'C3', 'C4'], [6, 40, 20, 8], ['C2', 'C3'], [40, 20]],
    ]);
  });
  it('gives the subquery the element index (docs: using with_itemindex)', () => {
    const q = `let data = datatable (row: int, Arr: dynamic) [0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])];
      data | mv-apply with_itemindex=index value=Arr to typeof(long) on (where index >= 2)`;
    expect(rows(engine, q)).toEqual([
      [0, [5, 1, 3], 3, 2],
      [1, [4, 10, 8, 7], 8, 2],
      [1, [4, 10, 8, 7], 7, 3],
    ]);
  });
  it('pads the shorter array with null (docs: using multiple columns to join element of two arrays)', () => {
    const q = `datatable (Val: int, Arr1: dynamic, Arr2: dynamic) [
        1, dynamic(["A1", "A2"]), dynamic(["B1", "B2", "B3"]),
        5, dynamic(["C1", "C2"]), dynamic(["D1"])
      ]
      | mv-apply T1=Arr1, T2=Arr2 on (extend Out = strcat(T1, "_", T2) | summarize Out = make_list(Out))`;
    expect(rows(engine, q)).toEqual([
      [1, ['A1', 'A2'], ['B1', 'B2', 'B3'], ['A1_B1', 'A2_B2', '_B3']],
      [5, ['C1', 'C2'], ['D1'], ['C1_D1', 'C2_']],
    ]);
  });
  it('runs an inner mv-expand over a property bag', () => {
    const q = `datatable (id: string, Pack: dynamic) ["a", dynamic({"x": "555-1", "y": "444-2", "z": "555-3"})]
      | mv-apply p = Pack on (mv-expand kind=array p | where tostring(p[1]) !startswith "555" | summarize drop = make_set(p[0]))`;
    expect(rows(engine, q)).toEqual([['a', { x: '555-1', y: '444-2', z: '555-3' }, ['y']]]);
  });
});
