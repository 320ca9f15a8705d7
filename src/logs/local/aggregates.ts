/**
 * Aggregation functions of `summarize`. Each aggregator keeps one state per group (groups are
 * dense ids 0..n-1 handed out by the summarize operator) and null values are ignored, as the Kusto
 * docs say; with no values, count/dcount/sum give 0, make_list/make_set give [], the others null.
 */
import type { AggregateCall, Expr } from './ast';
import { codeGetter, codedInput, compileExpr, evaluateConstant, isConstantExpr, type Coded } from './compile';
import { badQuery, type EvalContext, type Getter } from './compile/context';
import { bagAggregator } from './aggregate-bags';
import { percentilesAggregator } from './aggregate-percentiles';
import { ArrayVec, columnIndex, type Relation } from './relation';
import { compareValues, toDynamic, valueKey, type ScalarType, type Value } from './values';

export interface Aggregator {
  /** A new group (id = number of groups so far). */
  newGroup(): void;
  /** Adds row `i` of the input to group `g`. */
  add(g: number, i: number): void;
  /** Output columns (one array per output of the call), one value per group. */
  results(groupCount: number): Value[][];
}

const DEFAULT_MAX_LIST = 1048576;

function arg(call: AggregateCall, k: number): Expr {
  const a = call.args[k];
  if (!a) throw badQuery(`${call.fn}() needs more arguments`, call.pos);
  return a;
}

function maxSizeArg(call: AggregateCall, k: number, rel: Relation, ctx: EvalContext): number {
  const a = call.args[k];
  if (!a) return DEFAULT_MAX_LIST;
  if (!isConstantExpr(a)) throw badQuery(`The size limit of ${call.fn}() must be a constant`, a.pos);
  const v = evaluateConstant(a, rel, ctx);
  return typeof v === 'number' && v > 0 ? v : DEFAULT_MAX_LIST;
}

/** The percentiles of percentile(x, p) / percentiles(x, p1, p2...) / percentiles_array(x, dynamic([...])). */
function percentsArgs(call: AggregateCall, rel: Relation, ctx: EvalContext): number[] {
  const percents: number[] = [];
  for (const a of call.args.slice(1)) {
    if (!isConstantExpr(a)) throw badQuery(`The percentiles of ${call.fn}() must be constants`, a.pos);
    const v = evaluateConstant(a, rel, ctx);
    for (const p of Array.isArray(v) ? v : [v]) {
      if (typeof p !== 'number' || !(p >= 0 && p <= 100))
        throw badQuery(`${call.fn}(): a percentile must be a number from 0 to 100`, a.pos);
      percents.push(p);
    }
  }
  if (percents.length === 0) throw badQuery(`${call.fn}() needs at least one percentile`, call.pos);
  return percents;
}

export function makeAggregator(call: AggregateCall, rel: Relation, ctx: EvalContext): Aggregator {
  const compile = (e: Expr): Getter => compileExpr(e, rel, ctx);
  switch (call.fn) {
    case 'count': {
      const counts: number[] = [];
      return {
        newGroup: () => counts.push(0),
        add: (g) => {
          counts[g] = (counts[g] as number) + 1;
        },
        results: () => [counts],
      };
    }
    case 'countif': {
      const pred = compile(arg(call, 0));
      const counts: number[] = [];
      return {
        newGroup: () => counts.push(0),
        add: (g, i) => {
          if (pred(i) === true) counts[g] = (counts[g] as number) + 1;
        },
        results: () => [counts],
      };
    }
    case 'stdev':
    case 'stdevif':
    case 'stdevp':
    case 'variance':
    case 'varianceif':
    case 'variancep': {
      // Welford's running mean and sum of squared deviations per group; the sample forms divide
      // by n - 1 (Bessel's correction, as the Kusto docs say), the population forms (…p) by n.
      const value = compile(arg(call, 0));
      const pred = call.fn.endsWith('if') ? compile(arg(call, 1)) : null;
      const population = call.fn.endsWith('p');
      const root = call.fn.startsWith('stdev');
      const counts: number[] = [];
      const means: number[] = [];
      const squares: number[] = [];
      return {
        newGroup: () => {
          counts.push(0);
          means.push(0);
          squares.push(0);
        },
        add: (g, i) => {
          if (pred && pred(i) !== true) return;
          const v = value(i);
          if (typeof v !== 'number') return;
          const n = (counts[g] as number) + 1;
          const delta = v - (means[g] as number);
          const mean = (means[g] as number) + delta / n;
          counts[g] = n;
          means[g] = mean;
          squares[g] = (squares[g] as number) + delta * (v - mean);
        },
        results: (groups) => {
          const out: Value[] = new Array<Value>(groups);
          for (let g = 0; g < groups; g++) {
            const n = counts[g] as number;
            if (n === 0) out[g] = null;
            else {
              const divisor = population ? n : n - 1;
              const variance = divisor > 0 ? (squares[g] as number) / divisor : 0;
              out[g] = root ? Math.sqrt(variance) : variance;
            }
          }
          return [out];
        },
      };
    }
    case 'sum':
    case 'sumif':
    case 'avg':
    case 'avgif': {
      const value = compile(arg(call, 0));
      const pred = call.fn.endsWith('if') ? compile(arg(call, 1)) : null;
      const sums: number[] = [];
      const counts: number[] = [];
      const average = call.fn.startsWith('avg');
      return {
        newGroup: () => {
          sums.push(0);
          counts.push(0);
        },
        add: (g, i) => {
          if (pred && pred(i) !== true) return;
          const v = value(i);
          if (typeof v !== 'number') return;
          sums[g] = (sums[g] as number) + v;
          counts[g] = (counts[g] as number) + 1;
        },
        results: (n) => {
          const out: Value[] = new Array<Value>(n);
          for (let g = 0; g < n; g++) {
            out[g] = average
              ? (counts[g] as number) > 0
                ? (sums[g] as number) / (counts[g] as number)
                : null
              : (sums[g] as number);
          }
          return [out];
        },
      };
    }
    case 'min':
    case 'max':
    case 'minif':
    case 'maxif': {
      const value = compile(arg(call, 0));
      const pred = call.fn.endsWith('if') ? compile(arg(call, 1)) : null;
      const sign = call.fn.startsWith('max') ? 1 : -1;
      const best: Value[] = [];
      return {
        newGroup: () => best.push(null),
        add: (g, i) => {
          if (pred && pred(i) !== true) return;
          const v = value(i);
          if (v === null) return;
          const b = best[g] as Value;
          if (b === null || sign * compareValues(v, b) > 0) best[g] = v;
        },
        results: () => [best],
      };
    }
    case 'dcount':
    case 'dcountif':
    case 'count_distinct': {
      const pred = call.fn === 'dcountif' ? compile(arg(call, 1)) : null;
      const coded = codedInput(arg(call, 0), rel, ctx);
      if (coded) return distinctCodes(coded, pred, (values) => values.length);
      const value = compile(arg(call, 0));
      const sets: Set<Value>[] = [];
      return {
        newGroup: () => sets.push(new Set()),
        add: (g, i) => {
          if (pred && pred(i) !== true) return;
          const v = value(i);
          if (v !== null) (sets[g] as Set<Value>).add(valueKey(v));
        },
        results: () => [sets.map((s) => s.size)],
      };
    }
    case 'make_list':
    case 'make_list_if':
    case 'make_set':
    case 'make_set_if': {
      const conditional = call.fn.endsWith('_if');
      const value = compile(arg(call, 0));
      const type: ScalarType = arg(call, 0).type;
      const pred = conditional ? compile(arg(call, 1)) : null;
      const max = maxSizeArg(call, conditional ? 2 : 1, rel, ctx);
      const distinct = call.fn.startsWith('make_set');
      const coded = distinct ? codedInput(arg(call, 0), rel, ctx) : null;
      if (coded)
        return distinctCodes(coded, pred, (values) => values.slice(0, max).map((v) => toDynamic(v, type)));
      const lists: Value[][] = [];
      const seen: Set<Value>[] = [];
      return {
        newGroup: () => {
          lists.push([]);
          if (distinct) seen.push(new Set());
        },
        add: (g, i) => {
          if (pred && pred(i) !== true) return;
          const list = lists[g] as Value[];
          if (list.length >= max) return;
          const v = value(i);
          if (v === null) return;
          if (distinct) {
            const key = valueKey(v);
            const s = seen[g] as Set<Value>;
            if (s.has(key)) return;
            s.add(key);
          }
          list.push(toDynamic(v, type));
        },
        results: () => [lists],
      };
    }
    case 'percentile':
    case 'percentiles':
    case 'percentiles_array': {
      const value = compile(arg(call, 0));
      const shape = call.fn === 'percentiles_array' ? 'array' : 'columns';
      return percentilesAggregator(value, arg(call, 0).type, percentsArgs(call, rel, ctx), shape);
    }
    case 'make_bag':
    case 'make_bag_if': {
      const conditional = call.fn === 'make_bag_if';
      const value = compile(arg(call, 0));
      const pred = conditional ? compile(arg(call, 1)) : null;
      return bagAggregator(value, pred, maxSizeArg(call, conditional ? 2 : 1, rel, ctx));
    }
    case '$expr':
      return expressionOverAggregates(call, rel, ctx);
    case 'take_any':
      return takeAny(call, rel, ctx);
    case 'arg_max':
    case 'arg_min':
      return argBest(call, rel, ctx);
    default:
      throw badQuery(
        `The aggregation function '${call.fn}' is not supported by the embedded KQL engine`,
        call.pos,
      );
  }
}

/** Getters for the outputs of arg_max/arg_min/take_any taken from the chosen row. */
function outputGetters(call: AggregateCall, first: number, rel: Relation, ctx: EvalContext): Getter[] {
  const outputs = call.outputs.slice(first);
  const args = call.args.slice(first);
  const hasStar = args.some((a) => a.kind === 'star');
  if (!hasStar && args.length === outputs.length) return args.map((a) => compileExpr(a, rel, ctx));
  return outputs.map((o) => {
    const index = o.source !== null ? columnIndex(rel, o.source) : -1;
    const vec = index >= 0 ? rel.vecs[index] : undefined;
    if (!vec)
      throw badQuery(`This form of ${call.fn}() is not supported by the embedded KQL engine`, call.pos);
    return (i: number) => vec.get(i);
  });
}

function takeAny(call: AggregateCall, rel: Relation, ctx: EvalContext): Aggregator {
  const single = call.outputs.length === 1 && call.args.length === 1 && call.args[0]?.kind !== 'star';
  const getters = outputGetters(call, 0, rel, ctx);
  const chosen: number[] = [];
  const probe = single ? (getters[0] as Getter) : null;
  return {
    newGroup: () => chosen.push(-1),
    add: (g, i) => {
      if (chosen[g] !== -1) {
        // With one expression, prefer a row where it is not null/empty (the docs' take_any rule).
        if (!probe) return;
        const current = probe(chosen[g] as number);
        if (current !== null && current !== '') return;
        const v = probe(i);
        if (v === null || v === '') return;
      }
      chosen[g] = i;
    },
    results: (n) =>
      getters.map((get) => {
        const out: Value[] = new Array<Value>(n);
        for (let g = 0; g < n; g++) out[g] = (chosen[g] as number) >= 0 ? get(chosen[g] as number) : null;
        return out;
      }),
  };
}

function argBest(call: AggregateCall, rel: Relation, ctx: EvalContext): Aggregator {
  const value = compileExpr(arg(call, 0), rel, ctx);
  const others = outputGetters(call, 1, rel, ctx);
  const sign = call.fn === 'arg_max' ? 1 : -1;
  const best: Value[] = [];
  const rows: number[] = [];
  return {
    newGroup: () => {
      best.push(null);
      rows.push(-1);
    },
    add: (g, i) => {
      const v = value(i);
      if (v === null) {
        if (rows[g] === -1) rows[g] = i;
        return;
      }
      const b = best[g] as Value;
      if (b === null || sign * compareValues(v, b) > 0) {
        best[g] = v;
        rows[g] = i;
      }
    },
    results: (n) => [
      best.slice(0, n),
      ...others.map((get) => {
        const out: Value[] = new Array<Value>(n);
        for (let g = 0; g < n; g++) out[g] = (rows[g] as number) >= 0 ? get(rows[g] as number) : null;
        return out;
      }),
    ],
  };
}

/** `100.0 * countif(x) / count()`: the inner aggregates per group, then the expression over their results. */
function expressionOverAggregates(call: AggregateCall, rel: Relation, ctx: EvalContext): Aggregator {
  const calls = call.inner ?? [];
  const inner = calls.map((c) => makeAggregator(c, rel, ctx));
  return {
    newGroup: () => {
      for (const a of inner) a.newGroup();
    },
    add: (g, i) => {
      for (const a of inner) a.add(g, i);
    },
    results: (n) => {
      const outputs = calls.map((c) => c.outputs[0] as AggregateCall['outputs'][number]);
      const groups: Relation = {
        columns: outputs.map((o) => ({ name: o.name, type: o.type })),
        vecs: inner.map(
          (a, k) =>
            new ArrayVec((outputs[k] as AggregateCall['outputs'][number]).type, a.results(n)[0] as Value[]),
        ),
        length: n,
        base: null,
      };
      const g = compileExpr(arg(call, 0), groups, ctx);
      const out: Value[] = new Array<Value>(n);
      for (let k = 0; k < n; k++) out[k] = g(k);
      return [out];
    },
  };
}

/**
 * dcount / make_set over a dictionary-coded input: per group, the set of codes seen (cheap integer
 * sets); at the end each group's codes become values, deduplicated by value (two codes can map to
 * one value) and without nulls, in first-seen order.
 */
function distinctCodes(coded: Coded, pred: Getter | null, finish: (values: Value[]) => Value): Aggregator {
  const codeOf = codeGetter(coded.view);
  const g = coded.g;
  const dictSize = Math.max(1, coded.view.column.dict.length);
  // Per group: codes in first-seen order, and a membership test: a byte per code while all groups'
  // bytes stay under 16 MB (one shared array, grown by doubling: a fresh typed array per group cost
  // more than the counting), a set of codes for the groups past that.
  const seenCodes: number[][] = [];
  const BYTES_MAX = 1 << 24;
  let bytes = new Uint8Array(0);
  const sets: (Set<number> | undefined)[] = [];
  return {
    newGroup: () => {
      const group = seenCodes.length;
      seenCodes.push([]);
      const end = (group + 1) * dictSize;
      if (end > BYTES_MAX) {
        sets[group] = new Set<number>();
      } else if (end > bytes.length) {
        const bigger = new Uint8Array(Math.min(BYTES_MAX, Math.max(end, bytes.length * 2, dictSize * 8)));
        bigger.set(bytes);
        bytes = bigger;
      }
    },
    add: (group, i) => {
      if (pred && pred(i) !== true) return;
      const code = codeOf(i);
      const set = sets[group];
      if (set === undefined) {
        const at = group * dictSize + code;
        if (bytes[at] === 1) return;
        bytes[at] = 1;
      } else {
        if (set.has(code)) return;
        set.add(code);
      }
      (seenCodes[group] as number[]).push(code);
    },
    results: () => [
      seenCodes.map((codes) => {
        // Raw dictionary values are distinct per code (and strings are never null).
        if (coded.distinct) return finish(codes.map((code) => g(code)));
        const seen = new Set<Value>();
        const values: Value[] = [];
        for (const code of codes) {
          const v = g(code);
          if (v === null) continue;
          const key = valueKey(v);
          if (seen.has(key)) continue;
          seen.add(key);
          values.push(v);
        }
        return finish(values);
      }),
    ],
  };
}
