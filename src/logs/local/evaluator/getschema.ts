/** `getschema`: the input's columns as rows, with the .NET and Kusto type names Kusto prints. */
import type { ColumnSchema } from '../ast';
import { ArrayVec, type Relation } from '../relation';
import type { ScalarType } from '../values';

/** The `DataType` column: the CLR type Kusto stores each scalar type as (bool is System.SByte). */
const CLR_TYPES: Readonly<Record<ScalarType, string>> = {
  string: 'System.String',
  bool: 'System.SByte',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  dynamic: 'System.Object',
};

export function getschema(input: Relation, schema: readonly ColumnSchema[]): Relation {
  const columns = input.columns;
  return {
    columns: schema,
    vecs: [
      new ArrayVec(
        'string',
        columns.map((c) => c.name),
      ),
      new ArrayVec(
        'long',
        columns.map((_, k) => k),
      ),
      new ArrayVec(
        'string',
        columns.map((c) => CLR_TYPES[c.type]),
      ),
      new ArrayVec(
        'string',
        columns.map((c) => c.type),
      ),
    ],
    length: columns.length,
    base: null,
  };
}
