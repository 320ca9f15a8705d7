/** `union`: the inputs' rows one after the other, columns matched by name and type. */
import type { ColumnSchema, TabularExpr } from '../ast';
import { ArrayVec, type Relation, type Vec } from '../relation';
import type { Value } from '../values';

/** Rows of `rels` in order under `schema`; `withSource` names the column that says which input a row came from. */
export function union(
  rels: readonly Relation[],
  sources: readonly (TabularExpr | null)[],
  withSource: string | null,
  schema: readonly ColumnSchema[],
): Relation {
  const total = rels.reduce((s, r) => s + r.length, 0);
  const vecs: Vec[] = schema.map((column) => {
    const values = new Array<Value>(total);
    let offset = 0;
    rels.forEach((rel, k) => {
      const n = rel.length;
      if (withSource !== null && column.name === withSource) {
        const source = sources[k];
        const label = source ? sourceLabel(source, k) : `union_arg${k}`;
        for (let i = 0; i < n; i++) values[offset + i] = label;
      } else {
        const index = rel.columns.findIndex(
          (c) => (c.name === column.name && c.type === column.type) || `${c.name}_${c.type}` === column.name,
        );
        const vec = index >= 0 ? (rel.vecs[index] as Vec) : null;
        const empty: Value = column.type === 'string' ? '' : null;
        for (let i = 0; i < n; i++) values[offset + i] = vec ? vec.get(i) : empty;
      }
      offset += n;
    });
    return new ArrayVec(column.type, values);
  });
  return { columns: schema, vecs, length: total, base: null };
}

/** What `withsource=` (and search's `$table`) says of input `k`: its table, let or `as` name. */
export function sourceLabel(source: TabularExpr, k: number): string {
  if (source.kind === 'table') return source.table;
  if (source.kind === 'table-var') return source.name;
  if (source.kind === 'pipe' && source.op.kind === 'as') return source.op.name;
  return `union_arg${k}`;
}
