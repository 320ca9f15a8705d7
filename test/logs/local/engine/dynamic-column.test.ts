import { DynamicColumn } from '../../../../src/logs/local/table';

describe('dynamic column', () => {
  it('holds rows of nulls without values, then keeps row numbers once a value arrives', () => {
    const column = new DynamicColumn('AdditionalFields', 'dynamic');
    for (let i = 0; i < 3000; i++) column.append(null);
    expect(column.length).toBe(3000);
    expect(column.get(2999)).toBeNull();
    column.append('{"a":1}');
    column.append(undefined);
    column.append({ b: [2] });
    expect(column.length).toBe(3003);
    expect(column.get(0)).toBeNull();
    expect(column.get(3000)).toEqual({ a: 1 });
    expect(column.get(3001)).toBeNull();
    expect(column.get(3002)).toEqual({ b: [2] });
    expect(column.get(5000)).toBeNull();
  });
});
