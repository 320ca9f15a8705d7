/**
 * Seeded random AzureDiagnostics rows and random KQL queries over them, each query with a
 * hand-written DuckDB SQL translation that encodes Kusto's semantics (comments cite the Kusto docs):
 * - strings are never null in Kusto: a missing string is '' (rows store '' in DuckDB too), and
 *   tostring(null) is '' (learn.microsoft.com/kusto/query/tostring-function);
 * - `==`/`in` are case-sensitive, `=~`, `contains`, `startswith`, `has` are not
 *   (learn.microsoft.com/kusto/query/datatypes-string-operators);
 * - `has` matches a whole term: needles here are alphanumeric, matched between non-alphanumerics;
 * - count() counts rows, avg/sum/min/max/dcount/make_set ignore nulls, and sum() of no values is 0
 *   as the engine documents (aggregates.ts); dcount is exact in the engine and Kusto's estimate is
 *   exact at these cardinalities (learn.microsoft.com/kusto/query/dcount-aggregation-function),
 *   so it is compared exactly;
 * - join's default kind is innerunique: the left side is deduplicated on the key before matching
 *   (learn.microsoft.com/kusto/query/join-operator); the generator projects only columns that
 *   depend on the key on that side, so which left row survives does not change the result.
 */
import { Prng } from '../../../../src/logs/simulate/prng';

/** The columns the generator fills (the others stay empty / null). */
export interface DiagRow {
  readonly TimeGenerated: Date;
  readonly Category: string;
  readonly OperationName: string;
  readonly ResultType: string;
  readonly ResultDescription: string;
  readonly Level: string;
  readonly Resource: string;
  readonly _ResourceId: string;
  readonly properties_s: string;
  readonly DurationMs: number | null;
}

export const STRING_COLUMNS = [
  'Category',
  'OperationName',
  'ResultType',
  'ResultDescription',
  'Level',
  'Resource',
  '_ResourceId',
  'properties_s',
] as const;

/** Seedable: the simulator's generator (mulberry32), so a seed names the same queries as before. */
export function random(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

export class Pick {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  of<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const n = Math.min(pool.length, min + this.int(max - min + 1));
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(this.int(pool.length), 1)[0] as T);
    return out;
  }
}

const CATEGORIES = ['Connections', 'connections', 'DeviceTelemetry', 'C2DCommands', ''];
const OPERATIONS = ['deviceConnect', 'deviceDisconnect', 'DeviceDisconnect', 'ingress', 'egress'];
const RESULT_TYPES = ['404104', '404103', '401003', '500001', '200', 'Success', ''];
const DESCRIPTIONS = [
  'Device disconnected: ping timeout',
  'Connection closed by the remote host',
  'MQTT keep alive expired',
  'Auth failed - SAS token expired',
  '',
];
const LEVELS = ['Error', 'error', 'Warning', 'Informational'];
const HUBS = ['HUB-A', 'hub-a', 'HUB-B', 'HUB-C'];
const DEVICES = ['dev-1', 'Dev-1', 'dev-2', 'dev-3', 'sensor-10', ''];
const PROTOCOLS = ['Mqtt', 'MQTT', 'Amqp', 'Https'];

function properties(p: Pick): string {
  const roll = p.int(20);
  if (roll === 0) return '';
  if (roll === 1) return 'not json';
  if (roll === 2) return '{"deviceId":7,"protocol":"Mqtt"}';
  const fields: string[] = [];
  if (p.chance(0.92)) fields.push(`"deviceId":"${p.of(DEVICES)}"`);
  if (p.chance(0.8)) fields.push(`"protocol":"${p.of(PROTOCOLS)}"`);
  if (p.chance(0.5)) fields.push(`"maskedIpAddress":"10.0.${p.int(3)}.XXX"`);
  if (p.chance(0.3)) fields.push(`"statusCode":${p.of([200, 401, 404])}`);
  return `{${fields.join(',')}}`;
}

/** `count` rows with duplicates, mixed case, empty strings and null durations; TimeGenerated is unique. */
export function generateRows(seed: number, count: number): DiagRow[] {
  const p = new Pick(random(seed));
  const t0 = Date.UTC(2024, 4, 1);
  const rows: DiagRow[] = [];
  for (let i = 0; i < count; i++) {
    const resource = p.of(HUBS);
    rows.push({
      // Unique per row (so arg_max/top have no ties), over about three days.
      TimeGenerated: new Date(t0 + i * 977_000 + p.int(900) * 1000),
      Category: p.of(CATEGORIES),
      OperationName: p.of(OPERATIONS),
      ResultType: p.of(RESULT_TYPES),
      ResultDescription: p.of(DESCRIPTIONS),
      Level: p.of(LEVELS),
      Resource: resource,
      // A function of Resource: either side of a join may keep any of its rows.
      _ResourceId: `/subscriptions/s/resourcegroups/rg/providers/microsoft.devices/iothubs/${resource.toLowerCase()}`,
      properties_s: properties(p),
      DurationMs: p.chance(0.2) ? null : p.int(50) * 10,
    });
  }
  return rows;
}

/** A KQL fragment and the SQL that means the same. */
interface Pair {
  readonly kql: string;
  readonly sql: string;
}

const q = (s: string): string => `'${s}'`;

/** Kusto `tostring(parse_json(properties_s).<field>)` in SQL: '' for non-JSON, a missing field or null. */
function jsonField(field: string): Pair {
  return {
    kql: `tostring(parse_json(properties_s).${field})`,
    sql: `(CASE WHEN json_valid(properties_s) AND properties_s <> '' THEN coalesce(json_extract_string(properties_s, '$.${field}'), '') ELSE '' END)`,
  };
}

/** String expressions usable as keys and aggregate arguments. */
function stringExpr(p: Pick): Pair {
  switch (p.int(8)) {
    case 0:
      return jsonField(p.of(['deviceId', 'protocol', 'maskedIpAddress', 'statusCode']));
    case 1:
      return { kql: 'tolower(Category)', sql: 'lower(Category)' };
    case 2: {
      const n = 1 + p.int(4);
      return { kql: `substring(ResultType, 0, ${n})`, sql: `substring(ResultType, 1, ${n})` };
    }
    case 3:
      return p.chance(0.5)
        ? { kql: 'toupper(Level)', sql: 'upper(Level)' }
        : // trim_end/trim_start take an RE2 regex, as DuckDB's regexp_replace does.
          { kql: 'trim_end(@"[0-9]+", ResultType)', sql: `regexp_replace("ResultType", '(?:[0-9]+)+$', '')` };
    case 4:
      return { kql: 'tolower(Resource)', sql: 'lower(Resource)' };
    default: {
      const c = p.of(['Category', 'OperationName', 'ResultType', 'Level', 'Resource']);
      return { kql: c, sql: `"${c}"` };
    }
  }
}

const NEEDLES = ['mqtt', 'dev', 'expired', 'host', 'hub', 'ping', 'sensor', 'XXX', 'Disconnect', '404'];

function hasPattern(needle: string): string {
  return `'(^|[^a-z0-9])${needle.toLowerCase()}([^a-z0-9]|$)'`;
}

/** A string predicate (never null, so `not` and `or` need no three-valued care). */
function stringPredicate(p: Pick): Pair {
  const column = p.of(['Category', 'OperationName', 'ResultType', 'ResultDescription', 'Level', 'Resource']);
  const values: Record<string, readonly string[]> = {
    Category: CATEGORIES,
    OperationName: OPERATIONS,
    ResultType: RESULT_TYPES,
    ResultDescription: DESCRIPTIONS,
    Level: LEVELS,
    Resource: HUBS,
  };
  const value = p.of(values[column] as readonly string[]);
  const c = `"${column}"`;
  switch (p.int(11)) {
    case 0:
      return { kql: `${column} == ${q(value)}`, sql: `${c} = ${q(value)}` };
    case 1:
      return { kql: `${column} != ${q(value)}`, sql: `${c} <> ${q(value)}` };
    case 2:
      return { kql: `${column} =~ ${q(value)}`, sql: `lower(${c}) = lower(${q(value)})` };
    case 3: {
      const needle = p.of(NEEDLES);
      return { kql: `${column} has ${q(needle)}`, sql: `regexp_matches(lower(${c}), ${hasPattern(needle)})` };
    }
    case 4: {
      const needle = p.of(NEEDLES).slice(0, 3);
      return { kql: `${column} contains ${q(needle)}`, sql: `contains(lower(${c}), lower(${q(needle)}))` };
    }
    case 5: {
      const prefix = value.slice(0, 1 + p.int(3));
      return {
        kql: `${column} startswith ${q(prefix)}`,
        sql: `starts_with(lower(${c}), lower(${q(prefix)}))`,
      };
    }
    case 6: {
      const set = p.some(values[column] as readonly string[], 1, 3);
      return { kql: `${column} in (${set.map(q).join(', ')})`, sql: `${c} IN (${set.map(q).join(', ')})` };
    }
    case 7:
      return { kql: `isempty(${column})`, sql: `${c} = ''` };
    case 8:
      return { kql: `isnotempty(${column})`, sql: `${c} <> ''` };
    case 9: {
      const needle = p.of(NEEDLES);
      return {
        kql: `properties_s has ${q(needle)}`,
        sql: `regexp_matches(lower(properties_s), ${hasPattern(needle)})`,
      };
    }
    default: {
      const f = jsonField(p.of(['deviceId', 'protocol']));
      const v = p.of([...DEVICES, ...PROTOCOLS]);
      return { kql: `${f.kql} == ${q(v)}`, sql: `${f.sql} = ${q(v)}` };
    }
  }
}

const T0_ISO = '2024-05-01';

function numberPredicate(p: Pick): Pair {
  switch (p.int(4)) {
    case 0: {
      const a = p.int(30) * 10;
      const b = a + p.int(30) * 10;
      return { kql: `DurationMs between (${a} .. ${b})`, sql: `"DurationMs" BETWEEN ${a} AND ${b}` };
    }
    case 1: {
      const op = p.of(['>', '>=', '<', '<=', '==', '!=']);
      const v = p.int(50) * 10;
      return {
        kql: `DurationMs ${op} ${v}`,
        // Kusto: null == value is false and null != value is true, unlike SQL's null
        // (learn.microsoft.com/kusto/query/scalar-data-types/null-values).
        sql:
          op === '=='
            ? `"DurationMs" IS NOT DISTINCT FROM ${v}`
            : op === '!='
              ? `"DurationMs" IS DISTINCT FROM ${v}`
              : `"DurationMs" ${op} ${v}`,
      };
    }
    case 2: {
      const from = 1 + p.int(40);
      const to = from + p.int(30);
      return {
        kql: `TimeGenerated between (datetime(${T0_ISO}) + ${from}h .. datetime(${T0_ISO}) + ${to}h)`,
        sql: `"TimeGenerated" BETWEEN TIMESTAMP '${T0_ISO}' + INTERVAL ${from} HOUR AND TIMESTAMP '${T0_ISO}' + INTERVAL ${to} HOUR`,
      };
    }
    default:
      return p.chance(0.5)
        ? { kql: 'isnull(DurationMs)', sql: '"DurationMs" IS NULL' }
        : { kql: 'isnotnull(DurationMs)', sql: '"DurationMs" IS NOT NULL' };
  }
}

/**
 * A where predicate. `not`/`or` only combine string predicates: Kusto's not(null) is null like
 * SQL's, but the generator keeps three-valued logic out of the comparison's way.
 */
export function predicate(p: Pick, depth = 0): Pair {
  const roll = p.int(10);
  if (depth < 2 && roll === 0) {
    const a = predicate(p, depth + 1);
    const b = predicate(p, depth + 1);
    return { kql: `(${a.kql} and ${b.kql})`, sql: `(${a.sql} AND ${b.sql})` };
  }
  if (depth < 2 && roll === 1) {
    const a = stringPredicate(p);
    const b = stringPredicate(p);
    return { kql: `(${a.kql} or ${b.kql})`, sql: `(${a.sql} OR ${b.sql})` };
  }
  if (roll === 2) {
    const a = stringPredicate(p);
    return { kql: `not(${a.kql})`, sql: `NOT (${a.sql})` };
  }
  if (roll === 3) return numberPredicate(p);
  return stringPredicate(p);
}

/** One output column of a summarize. */
interface Aggregate {
  readonly kql: string;
  /** SQL select items (arg_max has two). */
  readonly sql: readonly string[];
  /** Compare as a set (make_set) or a multiset (make_list) of values. */
  readonly unordered?: boolean;
}

const PERCENTS = [0, 5, 25, 50, 75, 90, 95, 99, 99.9, 100];

/**
 * The nearest-rank percentile in SQL (learn.microsoft.com/kusto/query/percentiles-aggregation-function):
 * the value at 1-based rank ceil(P/100 * N) of the sorted non-null values, rank 1 for P = 0; null for
 * no values. Written out rather than quantile_disc, whose rank rule is DuckDB's own.
 */
function nearestRank(column: string, percent: number): string {
  return `list_sort(list(${column}) FILTER (WHERE ${column} IS NOT NULL))[greatest(1, ceil(${percent} / 100.0 * count(${column})))::BIGINT]`;
}

function percentileAggregate(p: Pick, name: string): Aggregate {
  const percents = p.some(PERCENTS, 1, 3).sort((a, b) => a - b);
  switch (p.int(4)) {
    case 0:
      return {
        kql: `${name} = percentile(TimeGenerated, ${percents[0] as number})`,
        sql: [nearestRank('"TimeGenerated"', percents[0] as number)],
      };
    case 1:
      return {
        kql: `${name} = percentile(DurationMs, ${percents[0] as number})`,
        sql: [nearestRank('"DurationMs"', percents[0] as number)],
      };
    case 2:
      // One column per percentile (percentile_DurationMs_<P>); compared by position.
      return {
        kql: `percentiles(DurationMs, ${percents.join(', ')})`,
        sql: percents.map((percent) => nearestRank('"DurationMs"', percent)),
      };
    default:
      // The engine answers null (not an array of nulls) for a group without values.
      return {
        kql: `${name} = percentiles_array(DurationMs, ${percents.join(', ')})`,
        sql: [
          `CASE WHEN count("DurationMs") = 0 THEN NULL ELSE [${percents.map((percent) => nearestRank('"DurationMs"', percent)).join(', ')}] END`,
        ],
      };
  }
}

function aggregate(p: Pick, k: number): Aggregate {
  const name = `a${k}`;
  switch (p.int(14)) {
    case 12:
      return percentileAggregate(p, name);
    case 13: {
      // Sample forms (Bessel's correction). One value: the engine's 0, DuckDB's null (n - 1 = 0).
      const fn = p.of(['stdev', 'variance']);
      const sql = fn === 'stdev' ? 'stddev_samp("DurationMs")' : 'var_samp("DurationMs")';
      return {
        kql: `${name} = ${fn}(DurationMs)`,
        sql: [`CASE WHEN count("DurationMs") = 1 THEN 0 ELSE ${sql} END`],
      };
    }
    case 0:
      return { kql: `${name} = count()`, sql: ['count(*)'] };
    case 1: {
      const c = predicate(p, 1);
      return { kql: `${name} = countif(${c.kql})`, sql: [`count(*) FILTER (WHERE ${c.sql})`] };
    }
    case 2: {
      const e = stringExpr(p);
      return { kql: `${name} = dcount(${e.kql})`, sql: [`count(DISTINCT ${e.sql})`] };
    }
    case 3: {
      const e = stringExpr(p);
      const c = stringPredicate(p);
      return {
        kql: `${name} = dcountif(${e.kql}, ${c.kql})`,
        sql: [`count(DISTINCT ${e.sql}) FILTER (WHERE ${c.sql})`],
      };
    }
    case 4:
      return { kql: `${name} = sum(DurationMs)`, sql: ['coalesce(sum("DurationMs"), 0)'] };
    case 5:
      if (p.chance(0.3)) {
        // Population forms: DuckDB's stddev_pop/var_pop also give 0 for one value, null for none.
        return p.chance(0.5)
          ? { kql: `${name} = stdevp(DurationMs)`, sql: ['stddev_pop("DurationMs")'] }
          : { kql: `${name} = variancep(DurationMs)`, sql: ['var_pop("DurationMs")'] };
      }
      return { kql: `${name} = avg(DurationMs)`, sql: ['avg("DurationMs")'] };
    case 6:
      return p.chance(0.5)
        ? { kql: `${name} = min(DurationMs)`, sql: ['min("DurationMs")'] }
        : { kql: `${name} = max(DurationMs)`, sql: ['max("DurationMs")'] };
    case 7:
      if (p.chance(0.3)) {
        // datetime_diff counts period boundaries crossed, as DuckDB's date_diff does.
        const period = p.of(['minute', 'hour', 'day']);
        return {
          kql: `${name} = max(datetime_diff('${period}', TimeGenerated, datetime(2024-05-01)))`,
          sql: [`max(date_diff('${period}', TIMESTAMP '2024-05-01', "TimeGenerated"))`],
        };
      }
      return p.chance(0.5)
        ? { kql: `${name} = min(TimeGenerated)`, sql: ['min("TimeGenerated")'] }
        : { kql: `${name} = max(TimeGenerated)`, sql: ['max("TimeGenerated")'] };
    case 8: {
      const e = stringExpr(p);
      return {
        kql: `${name} = make_set(${e.kql})`,
        sql: [`coalesce(list(DISTINCT ${e.sql}), [])`],
        unordered: true,
      };
    }
    case 9: {
      const e = stringExpr(p);
      return { kql: `${name} = make_list(${e.kql})`, sql: [`coalesce(list(${e.sql}), [])`], unordered: true };
    }
    case 10: {
      const c = p.of(['Resource', 'Category', 'ResultType']);
      const fn = p.of(['arg_max', 'arg_min']);
      const agg = fn === 'arg_max' ? 'max' : 'min';
      return {
        kql: `${fn}(TimeGenerated, ${c})`,
        sql: [`${agg}("TimeGenerated")`, `${fn}("${c}", "TimeGenerated")`],
      };
    }
    default: {
      const e = stringExpr(p);
      const c = predicate(p, 1);
      return {
        kql: `${name} = make_set_if(${e.kql}, ${c.kql})`,
        sql: [`coalesce(list(DISTINCT ${e.sql}) FILTER (WHERE ${c.sql}), [])`],
        unordered: true,
      };
    }
  }
}

function summarizeKey(p: Pick, k: number): Pair {
  if (p.chance(0.08))
    return {
      kql: `k${k} = bin_at(TimeGenerated, 1h, datetime(2024-05-01 00:30))`,
      sql: `time_bucket(INTERVAL 1 HOUR, "TimeGenerated", TIMESTAMP '2024-05-01 00:30:00')`,
    };
  if (p.chance(0.2))
    return { kql: `k${k} = bin(TimeGenerated, 1h)`, sql: `time_bucket(INTERVAL 1 HOUR, "TimeGenerated")` };
  const e = stringExpr(p);
  return { kql: `k${k} = ${e.kql}`, sql: e.sql };
}

/** A generated query: clauses that shrinking may drop, and how to compare its result. */
export interface Query {
  readonly filters: readonly Pair[];
  readonly shape: Shape;
}

export type Shape =
  | { readonly kind: 'summarize'; readonly keys: readonly Pair[]; readonly aggregates: readonly Aggregate[] }
  | { readonly kind: 'extend-summarize'; readonly key: Pair }
  | { readonly kind: 'project'; readonly items: readonly Pair[] }
  | { readonly kind: 'top'; readonly n: number; readonly descending: boolean; readonly take: boolean }
  | { readonly kind: 'count' }
  | { readonly kind: 'window'; readonly items: readonly Pair[]; readonly partitioned: boolean }
  | { readonly kind: 'distinct'; readonly items: readonly Pair[] }
  /** mv-expand of split(): DuckDB's unnest(string_split()). */
  | { readonly kind: 'mv-expand'; readonly text: Pair; readonly separator: string }
  | {
      readonly kind: 'join';
      readonly joinKind: string;
      readonly right: readonly Pair[];
      readonly keyOnly: boolean;
    };

export const JOIN_KINDS = [
  'innerunique',
  'inner',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'rightanti',
  'leftsemi',
  'rightsemi',
] as const;

export function generateQuery(p: Pick): Query {
  const filters: Pair[] = [];
  const nFilters = p.int(3);
  for (let i = 0; i < nFilters; i++) filters.push(predicate(p));
  const roll = p.int(21);
  let shape: Shape;
  if (roll < 8) {
    const keys: Pair[] = [];
    const nKeys = p.int(3);
    for (let k = 0; k < nKeys; k++) keys.push(summarizeKey(p, k));
    const aggregates: Aggregate[] = [];
    const nAggs = 1 + p.int(3);
    for (let k = 0; k < nAggs; k++) {
      const a = aggregate(p, k);
      // One arg_max/arg_min/percentiles per summarize: two would both name a column TimeGenerated
      // (or percentile_DurationMs_<P>).
      if (a.sql.length > 1 && aggregates.some((b) => b.sql.length > 1)) continue;
      aggregates.push(a);
    }
    // Issue #17's shape: every aggregate a count() over one computed key.
    if (p.chance(0.15)) aggregates.splice(0, aggregates.length, { kql: 'a0 = count()', sql: ['count(*)'] });
    shape = { kind: 'summarize', keys, aggregates };
  } else if (roll < 10) {
    shape = { kind: 'extend-summarize', key: stringExpr(p) };
  } else if (roll < 12) {
    const items = [
      { kql: 'TimeGenerated', sql: '"TimeGenerated"' },
      ...p.some([0, 1, 2], 1, 3).map(() => stringExpr(p)),
    ];
    shape = { kind: 'project', items };
  } else if (roll < 14) {
    shape = { kind: 'top', n: 1 + p.int(15), descending: p.chance(0.5), take: p.chance(0.5) };
  } else if (roll < 15) {
    shape = p.chance(0.5) ? { kind: 'count' } : windowShape(p);
  } else if (roll < 17) {
    shape = { kind: 'distinct', items: [stringExpr(p), ...(p.chance(0.5) ? [stringExpr(p)] : [])] };
  } else if (roll === 20) {
    shape = { kind: 'mv-expand', text: stringExpr(p), separator: p.of(['-', '/', 'e', ', ']) };
  } else {
    shape = {
      kind: 'join',
      joinKind: p.of(JOIN_KINDS),
      right: p.chance(0.7) ? [predicate(p)] : [],
      keyOnly: p.chance(0.5),
    };
  }
  return { filters, shape };
}

/**
 * Window functions over rows ordered by the unique TimeGenerated (or by Resource, then
 * TimeGenerated, with row_cumsum restarting at each Resource): row_cumsum is SQL's running SUM
 * (0 before the first value: Kusto adds nothing for a null), prev/next are LAG/LEAD with their
 * offset and default (learn.microsoft.com/kusto/query/row-cumsum-function, prev-function).
 */
function windowShape(p: Pick): Shape {
  const partitioned = p.chance(0.3);
  const over = partitioned ? 'PARTITION BY "Resource" ORDER BY "TimeGenerated"' : 'ORDER BY "TimeGenerated"';
  const items: Pair[] = [
    partitioned
      ? {
          kql: 'row_cumsum(DurationMs, Resource != prev(Resource))',
          sql: `coalesce(sum("DurationMs") OVER (${over} ROWS UNBOUNDED PRECEDING), 0)`,
        }
      : {
          kql: 'row_cumsum(DurationMs)',
          sql: `coalesce(sum("DurationMs") OVER (${over} ROWS UNBOUNDED PRECEDING), 0)`,
        },
  ];
  if (!partitioned) {
    const offset = 1 + p.int(3);
    const column = p.of(['DurationMs', 'Category']);
    const fallback = column === 'DurationMs' ? '-1' : "'none'";
    const fn = p.of(['prev', 'next']);
    const sqlFn = fn === 'prev' ? 'lag' : 'lead';
    items.push(
      p.chance(0.5)
        ? {
            kql: `${fn}(${column}, ${offset}, ${fallback})`,
            sql: `${sqlFn}("${column}", ${offset}, ${fallback}) OVER (${over})`,
          }
        : { kql: `${fn}(${column}, ${offset})`, sql: `${sqlFn}("${column}", ${offset}) OVER (${over})` },
    );
  }
  return { kind: 'window', items, partitioned };
}

/** Whether a result row order is part of the answer (top / order by + take on a unique key, window functions). */
export function isOrdered(query: Query): boolean {
  return query.shape.kind === 'top' || query.shape.kind === 'window';
}

/** Columns whose values are sets/lists, compared without order. */
export function unorderedColumns(query: Query): Set<number> {
  const out = new Set<number>();
  if (query.shape.kind !== 'summarize') return out;
  let c = query.shape.keys.length;
  for (const a of query.shape.aggregates) {
    if (a.unordered) out.add(c);
    c += a.sql.length;
  }
  return out;
}

export function toKql(query: Query): string {
  const where = query.filters.map((f) => `| where ${f.kql}`).join(' ');
  const source = `AzureDiagnostics ${where}`.trim();
  const s = query.shape;
  switch (s.kind) {
    case 'summarize':
      return `${source} | summarize ${s.aggregates.map((a) => a.kql).join(', ')}${s.keys.length ? ` by ${s.keys.map((k) => k.kql).join(', ')}` : ''}`;
    case 'extend-summarize':
      return `${source} | extend k = ${s.key.kql} | summarize n = count(), d = dcount(k) by k`;
    case 'project':
      return `${source} | project ${s.items.map((item, k) => (k === 0 ? item.kql : `c${k} = ${item.kql}`)).join(', ')}`;
    case 'top':
      return s.take
        ? `${source} | order by TimeGenerated ${s.descending ? 'desc' : 'asc'} | take ${s.n} | project TimeGenerated, Resource, DurationMs`
        : `${source} | top ${s.n} by TimeGenerated ${s.descending ? 'desc' : 'asc'} | project TimeGenerated, Resource, DurationMs`;
    case 'count':
      return `${source} | count`;
    case 'window':
      return `${source} | order by ${s.partitioned ? 'Resource asc, ' : ''}TimeGenerated asc | project TimeGenerated, Resource, DurationMs, Category | extend ${s.items.map((item, k) => `w${k} = ${item.kql}`).join(', ')}`;
    case 'distinct':
      return `${source} | extend ${s.items.map((item, k) => `d${k} = ${item.kql}`).join(', ')} | distinct ${s.items.map((_, k) => `d${k}`).join(', ')}`;
    case 'mv-expand':
      return `${source} | project parts = split(${s.text.kql}, "${s.separator}") | mv-expand with_itemindex=i part = parts to typeof(string) | summarize n = count(), items = dcount(i) by part`;
    case 'join': {
      const left = s.keyOnly
        ? `${source} | project Resource, _ResourceId`
        : `${source} | project Resource, Level`;
      const leftSide =
        s.joinKind === 'innerunique' || s.keyOnly ? `${source} | project Resource, _ResourceId` : left;
      const right = `(AzureDiagnostics ${s.right.map((f) => `| where ${f.kql}`).join(' ')} | project Resource, Category, DurationMs)`;
      return `${leftSide} | join kind=${s.joinKind} ${right} on Resource`;
    }
  }
}

export function toSql(query: Query, table: string): string {
  const where = query.filters.length ? ` WHERE ${query.filters.map((f) => f.sql).join(' AND ')}` : '';
  const from = `FROM ${table}${where}`;
  const s = query.shape;
  switch (s.kind) {
    case 'summarize': {
      const items = [...s.keys.map((k) => k.sql), ...s.aggregates.flatMap((a) => a.sql)];
      const group = s.keys.length ? ` GROUP BY ${s.keys.map((_, k) => k + 1).join(', ')}` : '';
      return `SELECT ${items.join(', ')} ${from}${group}`;
    }
    case 'extend-summarize':
      return `SELECT k, count(*), count(DISTINCT k) FROM (SELECT ${s.key.sql} AS k ${from}) GROUP BY k`;
    case 'project':
      return `SELECT ${s.items.map((i) => i.sql).join(', ')} ${from}`;
    case 'top':
      return `SELECT "TimeGenerated", "Resource", "DurationMs" ${from} ORDER BY "TimeGenerated" ${s.descending ? 'DESC' : 'ASC'} NULLS LAST LIMIT ${s.n}`;
    case 'count':
      return `SELECT count(*) ${from}`;
    case 'window':
      return `SELECT "TimeGenerated", "Resource", "DurationMs", "Category", ${s.items.map((i) => i.sql).join(', ')} ${from} ORDER BY ${s.partitioned ? '"Resource" ASC, ' : ''}"TimeGenerated" ASC`;
    case 'distinct':
      return `SELECT DISTINCT ${s.items.map((i) => i.sql).join(', ')} ${from}`;
    case 'mv-expand':
      return `SELECT part, count(*), count(DISTINCT i) FROM (SELECT unnest(parts) AS part, unnest(generate_series(0, len(parts) - 1)) AS i FROM (SELECT string_split(${s.text.sql}, '${s.separator}') AS parts ${from})) GROUP BY part`;
    case 'join': {
      const leftCols =
        s.joinKind === 'innerunique' || s.keyOnly ? '"Resource", "_ResourceId"' : '"Resource", "Level"';
      // innerunique: the left side deduplicated on the key first (Kusto's default join kind).
      const left =
        s.joinKind === 'innerunique'
          ? `(SELECT DISTINCT ${leftCols} ${from})`
          : `(SELECT ${leftCols} ${from})`;
      const rightWhere = s.right.length ? ` WHERE ${s.right.map((f) => f.sql).join(' AND ')}` : '';
      const right = `(SELECT "Resource", "Category", "DurationMs" FROM ${table}${rightWhere})`;
      const both = 'l.*, r.*';
      switch (s.joinKind) {
        case 'innerunique':
        case 'inner':
          return `SELECT ${both} FROM ${left} l JOIN ${right} r ON l."Resource" = r."Resource"`;
        case 'leftouter':
          return `SELECT ${both} FROM ${left} l LEFT JOIN ${right} r ON l."Resource" = r."Resource"`;
        case 'rightouter':
          return `SELECT ${both} FROM ${left} l RIGHT JOIN ${right} r ON l."Resource" = r."Resource"`;
        case 'fullouter':
          return `SELECT ${both} FROM ${left} l FULL JOIN ${right} r ON l."Resource" = r."Resource"`;
        case 'leftsemi':
          return `SELECT l.* FROM ${left} l WHERE EXISTS (SELECT 1 FROM ${right} r WHERE r."Resource" = l."Resource")`;
        case 'leftanti':
          return `SELECT l.* FROM ${left} l WHERE NOT EXISTS (SELECT 1 FROM ${right} r WHERE r."Resource" = l."Resource")`;
        case 'rightsemi':
          return `SELECT r.* FROM ${right} r WHERE EXISTS (SELECT 1 FROM ${left} l WHERE r."Resource" = l."Resource")`;
        default:
          return `SELECT r.* FROM ${right} r WHERE NOT EXISTS (SELECT 1 FROM ${left} l WHERE r."Resource" = l."Resource")`;
      }
    }
  }
}

/** Simpler variants of a query (for shrinking a counterexample): one clause fewer each. */
export function simplerQueries(query: Query): Query[] {
  const out: Query[] = [];
  query.filters.forEach((_, k) => out.push({ ...query, filters: query.filters.filter((__, j) => j !== k) }));
  const s = query.shape;
  if (s.kind === 'summarize') {
    if (s.aggregates.length > 1)
      s.aggregates.forEach((_, k) =>
        out.push({ ...query, shape: { ...s, aggregates: s.aggregates.filter((__, j) => j !== k) } }),
      );
    s.keys.forEach((_, k) =>
      out.push({ ...query, shape: { ...s, keys: s.keys.filter((__, j) => j !== k) } }),
    );
  }
  if (s.kind === 'join' && s.right.length) out.push({ ...query, shape: { ...s, right: [] } });
  return out;
}
