/**
 * What the file readers hand the loader, in file order and in batches (one per chunk read, so the
 * per-item cost of an async generator is paid per chunk, not per record). Each item carries the
 * 1-based line where it starts, so that a rejection can point at the exact place.
 *
 * - `record`: one JSON object (an archive record, a Log Analytics row object, an Event Grid event);
 * - `columns`: the column list that positional `row`s that follow are read by (a CSV header, the
 *   `columns` of a query API table), with the declared Kusto types when the file has them;
 * - `row`: the values of one positional row;
 * - `malformed`: a part that could not be parsed, and why.
 */
export interface DeclaredColumn {
  readonly name: string;
  /** The Kusto type the file declares (`{"tables"}` responses); undefined for CSV headers. */
  readonly type?: string;
}

export type ParsedItem =
  | { readonly kind: 'record'; readonly line: number; readonly value: unknown }
  | { readonly kind: 'columns'; readonly line: number; readonly columns: readonly DeclaredColumn[] }
  | { readonly kind: 'row'; readonly line: number; readonly values: readonly unknown[] }
  | { readonly kind: 'malformed'; readonly line: number; readonly reason: string };

/** What every reader is: batches of items, lazily, so the loader can stop reading a refused file. */
export type ItemBatches = AsyncGenerator<ParsedItem[], void, undefined>;
