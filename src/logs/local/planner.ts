/**
 * `where` over a stored table (or a selection of its rows): the conjuncts of the predicate become
 * row-id set operations before anything is evaluated row by row.
 *
 * Each conjunct is classified:
 * - it reads only one dictionary-encoded string column (Category == "Connections", Level in (...),
 *   ResultType startswith "4", ...): evaluated once per distinct value → a code mask, whose row count
 *   is known exactly from the dictionary counts;
 * - `col has "x"`, `col == "x"`, `col =~ "x"` on a plain (high-cardinality) string column with a term
 *   index: the rows holding all the needle's terms (posting-list intersection), verified with the
 *   real predicate unless the needle is one whole term (then the index answer is exact);
 * - a datetime/number column compared with a constant: a typed-array scan, or a binary search when
 *   the column is sorted (TimeGenerated of time-ordered loads);
 * - anything else: a compiled closure, evaluated only on the rows that survived the cheaper steps.
 *
 * Index-based candidates are intersected first, then the remaining conjuncts run most selective first.
 *
 * `checkpoint` (the query's clock and cancel check) runs between steps and every
 * {@link ROWS_PER_CHECKPOINT} rows (or dictionary values) of the steps that evaluate an expression
 * per row: a slow predicate over millions of stored rows must stop at the time limit like any other
 * operator, not only once the where is done.
 */
import { exprColumns, type Expr } from './ast';
import { compileExpr, evaluateConstant, isConstantExpr } from './compile';
import { type EvalContext } from './compile/context';
import { BaseVec, DictEntriesVec, codedView, columnIndex, withSelection, type Relation } from './relation';
import {
  intersectPosting,
  intersectSorted,
  mergeDisjointSorted,
  postingSize,
  postingToList,
  type Posting,
} from './row-sets';
import { ROWS_PER_CHECKPOINT } from './evaluator/limits';
import { NumberColumn, StringColumn, ZONE_ROWS, type DictionaryCodes } from './table';
import { MIN_INDEXED_TERM, termsOf } from './terms';
import { dynamicToString } from './values';

/** Dictionaries up to this size are evaluated whole (exact row counts for ordering the steps). */
const EAGER_MASK_MAX = 4096;
/** A mask of at most this many codes may start from the codes' row lists (merged) instead of a scan. */
const MAX_DRIVER_CODES = 64;
/** Two dictionary columns whose value pairs number at most this are evaluated per pair, not per row. */
const MAX_PAIR_CODES = 4096;

type Step =
  | { kind: 'mask'; column: StringColumn; mask: Uint8Array; codeCount: number; estimate: number }
  /** Like mask, for big dictionaries: each code is evaluated when a row first holds it. */
  | { kind: 'lazy-mask'; column: StringColumn; g: (code: number) => unknown; estimate: number }
  | { kind: 'index'; postings: Posting[]; exact: boolean; verify: Expr; estimate: number }
  | {
      kind: 'range';
      column: NumberColumn;
      low: number;
      high: number;
      lowInclusive: boolean;
      highInclusive: boolean;
      estimate: number;
    }
  /**
   * `a or b or ...` where some disjuncts are index lookups, dictionary masks or ranges (`search` and
   * `where * has "x"` over every column): the union of their rows; the other disjuncts (`rest`, as
   * one `or`) are evaluated row by row only on the rows none of those holds.
   */
  | { kind: 'any-of'; expr: Expr; parts: AnyOfPart[]; rest: Expr | null; estimate: number }
  /** Reads two dictionary columns of few value pairs: evaluated once per pair a row holds. */
  | { kind: 'pair-mask'; expr: Expr; first: StringColumn; second: StringColumn; estimate: number }
  | { kind: 'generic'; expr: Expr; estimate: number };

type AnyOfPart = Extract<Step, { kind: 'index' | 'mask' | 'range' }>;

/** Flattens `a and b and c` into [a, b, c]. */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** Filters a base relation (see module comment). `rel.base` must be set. */
export function filterBase(
  rel: Relation,
  predicate: Expr,
  ctx: EvalContext,
  checkpoint: () => void,
): Relation {
  const base = rel.base;
  if (!base) throw new Error('filterBase needs a base relation');
  const rowCount = base.table.rowCount;
  const steps = conjuncts(predicate).map((c) => classify(c, rel, ctx, rowCount, checkpoint));

  let candidates: Int32Array | null = base.sel;
  const residual: Step[] = [];

  // 1. Index lookups (term postings), smallest first.
  const indexSteps = steps.filter((s): s is Extract<Step, { kind: 'index' }> => s.kind === 'index');
  for (const step of indexSteps.sort((a, b) => a.estimate - b.estimate)) {
    const postings = [...step.postings].sort((a, b) => postingSize(a) - postingSize(b));
    for (const p of postings) {
      if (candidates === null) {
        candidates = p instanceof Int32Array ? p : intersectPostingAll(p, rowCount);
      } else candidates = intersectPosting(candidates, p);
    }
    if (!step.exact) residual.push({ kind: 'generic', expr: step.verify, estimate: step.estimate });
  }
  // Disjunctions of indexable tests: their union, unless the rows left are already few.
  for (const step of steps) {
    if (step.kind !== 'any-of') continue;
    if (candidates !== null && candidates.length * 8 < step.estimate) {
      residual.push({ kind: 'generic', expr: step.expr, estimate: step.estimate });
      continue;
    }
    checkpoint();
    const rows = anyOfRows(step, candidates, rel, ctx, rowCount, checkpoint);
    candidates = candidates === null ? rows : intersectSorted(candidates, rows);
  }

  // The most selective dictionary mask can start from its codes' row lists instead of a scan.
  // (Only for masks of a few codes: merging many row lists costs more than one scan.)
  let driver: Extract<Step, { kind: 'mask' }> | null = null;
  for (const step of steps) {
    if (
      step.kind === 'mask' &&
      step.column.hasCodeRows &&
      step.codeCount <= MAX_DRIVER_CODES &&
      (!driver || step.estimate < driver.estimate)
    ) {
      driver = step;
    }
  }
  const current = candidates === null ? rowCount : candidates.length;
  if (
    driver &&
    driver.estimate <= current / 2 &&
    (candidates === null || driver.estimate * 8 < candidates.length) &&
    maskedCodesHaveRows(driver.column, driver.mask)
  ) {
    const lists: Int32Array[] = [];
    const mask = driver.mask;
    for (let c = 0; c < mask.length; c++) if (mask[c] === 1) lists.push(driver.column.rowsOf(c));
    const rows = mergeDisjointSorted(lists);
    candidates = candidates === null ? rows : intersectSorted(candidates, rows);
    steps.splice(steps.indexOf(driver), 1);
  }

  // 2. A range on a sorted column becomes a contiguous row range.
  for (const step of steps) {
    if (step.kind !== 'range') continue;
    if (step.column.sorted && candidates === null) {
      const [from, to] = sortedRange(step.column.data, step.column.length, step);
      const range = new Int32Array(to - from);
      for (let i = 0; i < range.length; i++) range[i] = from + i;
      candidates = range;
    } else residual.push(step);
  }
  for (const step of steps)
    if (
      step.kind === 'mask' ||
      step.kind === 'lazy-mask' ||
      step.kind === 'pair-mask' ||
      step.kind === 'generic'
    )
      residual.push(step);

  // 3. Cheap typed-array checks (dictionary masks, ranges) in one pass, most selective first; then the rest.
  const byEstimate = (a: Step, b: Step): number => a.estimate - b.estimate;
  const cheap = residual.filter((s) => s.kind === 'mask' || s.kind === 'range').sort(byEstimate);
  const rest = residual.filter((s) => s.kind !== 'mask' && s.kind !== 'range').sort(byEstimate);
  // The first pass writes a fresh array; the next ones filter it in place. At 10M rows each pass's
  // output is tens of MB, and every such allocation brings the next full GC of a big heap closer.
  let inPlace = false;
  for (const step of cheap) {
    if (candidates !== null && candidates.length === 0) break;
    checkpoint();
    const into = inPlace ? candidates : null;
    candidates =
      step.kind === 'mask'
        ? maskPass(step.column.codes, step.mask, candidates, rowCount, into)
        : rangePass(step as Extract<Step, { kind: 'range' }>, candidates, rowCount, into);
    inPlace = true;
  }
  for (const step of rest) {
    if (candidates !== null && candidates.length === 0) break;
    checkpoint();
    candidates = applyStep(step, candidates, rel, ctx, rowCount, checkpoint);
  }
  return withSelection(rel, candidates ?? allRows(rowCount));
}

/**
 * Whether every code in `mask` has its row list. The estimate test above already implies it (a
 * code without a list holds more than half the rows); checked anyway, so that a later change to
 * that test cannot turn a missing list into missing rows.
 */
function maskedCodesHaveRows(column: StringColumn, mask: Uint8Array): boolean {
  for (let c = 0; c < mask.length; c++) if (mask[c] === 1 && !column.hasRowsOf(c)) return false;
  return true;
}

/**
 * Rows (of `candidates`, or all rows) whose dictionary code is in `mask`, written to `into` when
 * given (it may be `candidates` itself: row i is written at an index ≤ i, after it was read).
 */
function maskPass(
  codes: DictionaryCodes,
  mask: Uint8Array,
  candidates: Int32Array | null,
  rowCount: number,
  into: Int32Array | null,
): Int32Array {
  const n = candidates ? candidates.length : rowCount;
  const out = into ?? new Int32Array(n);
  let k = 0;
  if (candidates) {
    for (let i = 0; i < n; i++) {
      const r = candidates[i] as number;
      if (mask[codes[r] as number] === 1) out[k++] = r;
    }
  } else {
    for (let r = 0; r < n; r++) if (mask[codes[r] as number] === 1) out[k++] = r;
  }
  return out.subarray(0, k);
}

/** Rows (of `candidates`, or all rows) whose value is inside the step's bounds (NaN = null never is); `into` as in {@link maskPass}. */
function rangePass(
  step: Extract<Step, { kind: 'range' }>,
  candidates: Int32Array | null,
  rowCount: number,
  into: Int32Array | null,
): Int32Array {
  const data = step.column.data;
  const n = candidates ? candidates.length : rowCount;
  const out = into ?? new Int32Array(n);
  let k = 0;
  const low = step.low;
  const high = step.high;
  // Exclusive bounds become inclusive ones on the next representable double.
  const lo = step.lowInclusive ? low : nextUp(low);
  const hi = step.highInclusive ? high : nextDown(high);
  if (candidates) {
    for (let i = 0; i < n; i++) {
      const r = candidates[i] as number;
      const v = data[r] as number;
      if (v >= lo && v <= hi) out[k++] = r;
    }
  } else if (step.column.zones && step.column.length === rowCount) {
    // Whole zones outside the bounds are skipped, whole zones inside (without nulls) taken.
    const { min, max, hasNull } = step.column.zones;
    for (let zone = 0; zone < min.length; zone++) {
      const from = zone * ZONE_ROWS;
      const to = Math.min(from + ZONE_ROWS, rowCount);
      const zoneMin = min[zone] as number;
      const zoneMax = max[zone] as number;
      if (!(zoneMax >= lo && zoneMin <= hi)) continue;
      if (zoneMin >= lo && zoneMax <= hi && hasNull[zone] === 0) {
        for (let r = from; r < to; r++) out[k++] = r;
        continue;
      }
      for (let r = from; r < to; r++) {
        const v = data[r] as number;
        if (v >= lo && v <= hi) out[k++] = r;
      }
    }
  } else {
    for (let r = 0; r < n; r++) {
      const v = data[r] as number;
      if (v >= lo && v <= hi) out[k++] = r;
    }
  }
  return out.subarray(0, k);
}

const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);

function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  scratch[0] = x;
  scratchBits[0] = (scratchBits[0] as bigint) + (x > 0 ? 1n : -1n);
  return scratch[0] as number;
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function intersectPostingAll(p: Posting, rowCount: number): Int32Array {
  return intersectPosting(allRows(rowCount), p);
}

function applyStep(
  step: Step,
  candidates: Int32Array | null,
  rel: Relation,
  ctx: EvalContext,
  rowCount: number,
  checkpoint: () => void,
): Int32Array {
  const n = candidates ? candidates.length : rowCount;
  const out = new Int32Array(n);
  let k = 0;
  switch (step.kind) {
    case 'mask': {
      const codes = step.column.codes;
      const mask = step.mask;
      if (candidates) {
        for (let i = 0; i < n; i++) {
          const r = candidates[i] as number;
          if (mask[codes[r] as number] === 1) out[k++] = r;
        }
      } else {
        for (let r = 0; r < n; r++) if (mask[codes[r] as number] === 1) out[k++] = r;
      }
      break;
    }
    case 'lazy-mask': {
      const codes = step.column.codes;
      const verdict = new Int8Array(Math.max(step.column.dict.length, 1)).fill(-1);
      const g = step.g;
      const keep = (r: number): boolean => {
        const code = codes[r] as number;
        let v = verdict[code] as number;
        if (v < 0) {
          v = g(code) === true ? 1 : 0;
          verdict[code] = v;
        }
        return v === 1;
      };
      if (candidates) {
        for (let i = 0; i < n; i++) {
          if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
          const r = candidates[i] as number;
          if (keep(r)) out[k++] = r;
        }
      } else {
        for (let r = 0; r < n; r++) {
          if ((r & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
          if (keep(r)) out[k++] = r;
        }
      }
      break;
    }
    case 'range': {
      const data = step.column.data;
      const { low, high, lowInclusive, highInclusive } = step;
      const test = (v: number): boolean =>
        (lowInclusive ? v >= low : v > low) && (highInclusive ? v <= high : v < high);
      if (candidates) {
        for (let i = 0; i < n; i++) {
          const r = candidates[i] as number;
          if (test(data[r] as number)) out[k++] = r;
        }
      } else {
        for (let r = 0; r < n; r++) if (test(data[r] as number)) out[k++] = r;
      }
      break;
    }
    case 'pair-mask': {
      // Like 'generic', but a row whose (first, second) codes were seen reuses that verdict: the
      // predicate reads nothing else, so rows with equal values of both columns agree.
      const view = candidates ? withSelection(rel, candidates) : rel;
      const g = compileExpr(step.expr, view, ctx);
      const first = step.first.codes;
      const second = step.second.codes;
      const width = Math.max(step.second.dict.length, 1);
      const verdict = new Int8Array(Math.max(step.first.dict.length, 1) * width).fill(-1);
      for (let i = 0; i < n; i++) {
        if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
        const r = candidates ? (candidates[i] as number) : i;
        const pair = (first[r] as number) * width + (second[r] as number);
        let v = verdict[pair] as number;
        if (v < 0) {
          v = g(i) === true ? 1 : 0;
          verdict[pair] = v;
        }
        if (v === 1) out[k++] = r;
      }
      break;
    }
    case 'generic':
    case 'index': {
      const expr = step.kind === 'generic' ? step.expr : step.verify;
      const view = candidates ? withSelection(rel, candidates) : rel;
      const g = compileExpr(expr, view, ctx);
      for (let i = 0; i < n; i++) {
        if ((i & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
        if (g(i) === true) out[k++] = candidates ? (candidates[i] as number) : i;
      }
      break;
    }
  }
  return out.subarray(0, k);
}

/** [from, to) of the rows of a sorted column inside the step's bounds. */
function sortedRange(
  data: Float64Array,
  length: number,
  step: Extract<Step, { kind: 'range' }>,
): [number, number] {
  const lowerBound = (pred: (v: number) => boolean): number => {
    // first index where pred(v) is true (pred monotone false→true)
    let lo = 0;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(data[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const from = step.lowInclusive ? lowerBound((v) => v >= step.low) : lowerBound((v) => v > step.low);
  const to = step.highInclusive ? lowerBound((v) => v > step.high) : lowerBound((v) => v >= step.high);
  return [from, Math.max(from, to)];
}

function classify(
  expr: Expr,
  rel: Relation,
  ctx: EvalContext,
  rowCount: number,
  checkpoint: () => void,
): Step {
  const columns = exprColumns(expr);
  if (columns.positional) return { kind: 'generic', expr, estimate: rowCount };
  if (expr.kind === 'binary' && expr.op === 'or' && columns.names.size > 1) {
    const anyOf = anyOfStep(expr, rel, ctx, rowCount, checkpoint);
    if (anyOf) return anyOf;
  }

  // One dictionary-encoded string column: evaluate once per distinct value.
  if (columns.names.size === 1) {
    const name = [...columns.names][0] as string;
    const vec = rel.vecs[columnIndex(rel, name)];
    const coded = codedView(vec);
    if (coded && vec instanceof BaseVec) {
      const column = coded.column;
      const dict = column.dict;
      const entries: Relation = {
        columns: [{ name, type: 'string' }],
        vecs: [new DictEntriesVec('string', coded)],
        length: dict.length,
        base: null,
      };
      const g = compileExpr(expr, entries, ctx);
      const candidateCodes = dictionaryCandidates(expr, column, rel, ctx);
      if (candidateCodes || dict.length <= Math.max(EAGER_MASK_MAX, rowCount / 4)) {
        const mask = new Uint8Array(Math.max(dict.length, 1));
        let estimate = 0;
        let codeCount = 0;
        const test = (c: number): void => {
          if (g(c) === true) {
            mask[c] = 1;
            estimate += column.countOf(c);
            codeCount++;
          }
        };
        // A dictionary can hold millions of values: the clock is read while they are evaluated too.
        if (candidateCodes) {
          for (let k = 0; k < candidateCodes.length; k++) {
            if ((k & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
            test(candidateCodes[k] as number);
          }
        } else {
          for (let c = 0; c < dict.length; c++) {
            if ((c & (ROWS_PER_CHECKPOINT - 1)) === 0) checkpoint();
            test(c);
          }
        }
        return { kind: 'mask', column, mask, codeCount, estimate };
      }
      return { kind: 'lazy-mask', column, g, estimate: rowCount / 2 };
    }
  }

  if (columns.names.size === 2) {
    const [firstName, secondName] = [...columns.names] as [string, string];
    const first = codedView(rel.vecs[columnIndex(rel, firstName)]);
    const second = codedView(rel.vecs[columnIndex(rel, secondName)]);
    if (
      first?.raw &&
      second?.raw &&
      rel.vecs[columnIndex(rel, firstName)] instanceof BaseVec &&
      rel.vecs[columnIndex(rel, secondName)] instanceof BaseVec &&
      Math.max(first.column.dict.length, 1) * Math.max(second.column.dict.length, 1) <= MAX_PAIR_CODES
    ) {
      return { kind: 'pair-mask', expr, first: first.column, second: second.column, estimate: rowCount / 2 };
    }
  }

  if (expr.kind === 'binary') {
    const { op, left, right } = expr;
    // Term index on a plain string column.
    if (
      (op === 'has' || op === 'has_cs' || op === '==' || op === '=~') &&
      left.kind === 'column' &&
      isConstantExpr(right)
    ) {
      const vec = rel.vecs[columnIndex(rel, left.name)];
      if (vec instanceof BaseVec && vec.column instanceof StringColumn && vec.column.termIndex) {
        const needle = dynamicToString(evaluateConstant(right, rel, ctx));
        const terms = termsOf(needle);
        const indexed = [...new Set(terms.filter((t) => t.length >= MIN_INDEXED_TERM))];
        if (indexed.length > 0) {
          const index = vec.column.termIndex;
          const postings = indexed.map((t) => index.lookup(t));
          const estimate = Math.min(...postings.map(postingSize));
          // `has "term"` with one whole indexed term is answered exactly by the index.
          const exact =
            op === 'has' &&
            terms.length === 1 &&
            terms[0] === needle.toLowerCase() &&
            (terms[0] as string).length >= MIN_INDEXED_TERM;
          return { kind: 'index', postings, exact, verify: expr, estimate };
        }
      }
    }
    // A number/datetime column compared with a constant.
    if (
      (op === '>' || op === '>=' || op === '<' || op === '<=' || op === '==') &&
      isConstantExpr(right) &&
      left.kind === 'column'
    ) {
      const range = rangeStep(left.name, op, evaluateConstant(right, rel, ctx), rel, rowCount);
      if (range) return range;
    }
    if (
      (op === '>' || op === '>=' || op === '<' || op === '<=' || op === '==') &&
      isConstantExpr(left) &&
      right.kind === 'column'
    ) {
      const flipped = op === '>' ? '<' : op === '>=' ? '<=' : op === '<' ? '>' : op === '<=' ? '>=' : '==';
      const range = rangeStep(right.name, flipped, evaluateConstant(left, rel, ctx), rel, rowCount);
      if (range) return range;
    }
  }
  if (
    expr.kind === 'between' &&
    !expr.negated &&
    expr.operand.kind === 'column' &&
    isConstantExpr(expr.low) &&
    isConstantExpr(expr.high)
  ) {
    const low = evaluateConstant(expr.low, rel, ctx);
    let high = evaluateConstant(expr.high, rel, ctx);
    if (
      expr.operand.type === 'datetime' &&
      expr.high.type === 'timespan' &&
      typeof low === 'number' &&
      typeof high === 'number'
    ) {
      high = low + high;
    }
    const vec = rel.vecs[columnIndex(rel, expr.operand.name)];
    if (
      vec instanceof BaseVec &&
      vec.column instanceof NumberColumn &&
      typeof low === 'number' &&
      typeof high === 'number'
    ) {
      return {
        kind: 'range',
        column: vec.column,
        low,
        high,
        lowInclusive: true,
        highInclusive: true,
        estimate: rowCount / 3,
      };
    }
  }
  return { kind: 'generic', expr, estimate: rowCount / 2 };
}

function rangeStep(name: string, op: string, value: unknown, rel: Relation, rowCount: number): Step | null {
  const vec = rel.vecs[columnIndex(rel, name)];
  if (
    !(vec instanceof BaseVec) ||
    !(vec.column instanceof NumberColumn) ||
    typeof value !== 'number' ||
    Number.isNaN(value)
  ) {
    return null;
  }
  const column = vec.column;
  const estimate = op === '==' ? rowCount / 10 : rowCount / 3;
  switch (op) {
    case '>':
      return {
        kind: 'range',
        column,
        low: value,
        high: Infinity,
        lowInclusive: false,
        highInclusive: true,
        estimate,
      };
    case '>=':
      return {
        kind: 'range',
        column,
        low: value,
        high: Infinity,
        lowInclusive: true,
        highInclusive: true,
        estimate,
      };
    case '<':
      return {
        kind: 'range',
        column,
        low: -Infinity,
        high: value,
        lowInclusive: true,
        highInclusive: false,
        estimate,
      };
    case '<=':
      return {
        kind: 'range',
        column,
        low: -Infinity,
        high: value,
        lowInclusive: true,
        highInclusive: true,
        estimate,
      };
    default:
      return {
        kind: 'range',
        column,
        low: value,
        high: value,
        lowInclusive: true,
        highInclusive: true,
        estimate,
      };
  }
}

/**
 * For `col has "x"` / `col == "x"` / `col =~ "x"` on a dictionary column with a term index over its
 * values: the codes whose values hold all the needle's indexed terms (a superset of the matches).
 */
function dictionaryCandidates(
  expr: Expr,
  column: StringColumn,
  rel: Relation,
  ctx: EvalContext,
): Int32Array | null {
  const index = column.dictTermIndex;
  if (!index || expr.kind !== 'binary' || expr.left.kind !== 'column' || !isConstantExpr(expr.right))
    return null;
  if (expr.op !== 'has' && expr.op !== 'has_cs' && expr.op !== '==' && expr.op !== '=~') return null;
  const needle = dynamicToString(evaluateConstant(expr.right, rel, ctx));
  const terms = [...new Set(termsOf(needle).filter((t) => t.length >= MIN_INDEXED_TERM))];
  if (terms.length === 0) return null;
  const postings = terms.map((t) => index.lookup(t)).sort((a, b) => postingSize(a) - postingSize(b));
  let codes: Int32Array | null = null;
  for (const p of postings) codes = codes === null ? postingToList(p) : intersectPosting(codes, p);
  return codes;
}

/** Flattens `a or b or c` into [a, b, c]. */
function disjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'or') return [...disjuncts(expr.left), ...disjuncts(expr.right)];
  return [expr];
}

/** The any-of step of a disjunction, when some disjunct is indexable (or can never be true). */
function anyOfStep(
  expr: Expr,
  rel: Relation,
  ctx: EvalContext,
  rowCount: number,
  checkpoint: () => void,
): Step | null {
  const parts: AnyOfPart[] = [];
  const scanned: Expr[] = [];
  let estimate = 0;
  let pruned = false;
  for (const d of disjuncts(expr)) {
    if (neverMatchesText(d, rel, ctx)) {
      pruned = true;
      continue;
    }
    const step = classify(d, rel, ctx, rowCount, checkpoint);
    if (step.kind === 'mask' && step.codeCount === 0) {
      pruned = true;
      continue;
    }
    if (step.kind === 'index' || step.kind === 'mask' || step.kind === 'range') {
      parts.push(step);
      estimate += step.estimate;
    } else scanned.push(d);
  }
  if (parts.length === 0 && !pruned) return null;
  const rest = scanned.reduce<Expr | null>(
    (left, right) => (left ? { kind: 'binary', op: 'or', left, right, type: 'bool', pos: right.pos } : right),
    null,
  );
  if (rest) estimate = rowCount;
  return { kind: 'any-of', expr, parts, rest, estimate: Math.min(estimate, rowCount) };
}

/**
 * Sorted ids of the rows some part holds, or else `rest` holds (`rest` is only evaluated on the rows
 * of `within`, when given: the caller intersects with it anyway).
 */
function anyOfRows(
  step: Extract<Step, { kind: 'any-of' }>,
  within: Int32Array | null,
  rel: Relation,
  ctx: EvalContext,
  rowCount: number,
  checkpoint: () => void,
): Int32Array {
  const marks = new Uint8Array(rowCount);
  for (const part of step.parts) {
    checkpoint();
    if (part.kind === 'mask') {
      const codes = part.column.codes;
      const mask = part.mask;
      for (let r = 0; r < rowCount; r++) if (mask[codes[r] as number] === 1) marks[r] = 1;
      continue;
    }
    let rows: Int32Array;
    if (part.kind === 'range') rows = rangePass(part, null, rowCount, null);
    else {
      const postings = [...part.postings].sort((a, b) => postingSize(a) - postingSize(b));
      let list: Int32Array | null = null;
      for (const p of postings) {
        if (list === null) list = p instanceof Int32Array ? p : intersectPostingAll(p, rowCount);
        else list = intersectPosting(list, p);
      }
      rows = list ?? new Int32Array(0);
      if (!part.exact) {
        const verify: Step = { kind: 'generic', expr: part.verify, estimate: part.estimate };
        rows = applyStep(verify, rows, rel, ctx, rowCount, checkpoint);
      }
    }
    for (let i = 0; i < rows.length; i++) marks[rows[i] as number] = 1;
  }
  if (step.rest) {
    const n = within ? within.length : rowCount;
    let unmarked = 0;
    for (let i = 0; i < n; i++) unmarked += 1 - (marks[within ? (within[i] as number) : i] as number);
    const others = new Int32Array(unmarked);
    let j = 0;
    for (let i = 0; i < n; i++) {
      const r = within ? (within[i] as number) : i;
      if (marks[r] === 0) others[j++] = r;
    }
    const rest: Step = { kind: 'generic', expr: step.rest, estimate: unmarked };
    const rows = applyStep(rest, others, rel, ctx, rowCount, checkpoint);
    for (let i = 0; i < rows.length; i++) marks[rows[i] as number] = 1;
  }
  let count = 0;
  for (let r = 0; r < rowCount; r++) count += marks[r] as number;
  const out = new Int32Array(count);
  let k = 0;
  for (let r = 0; r < rowCount; r++) if (marks[r] === 1) out[k++] = r;
  return out;
}

/** String operators true only when the needle occurs in the text (case aside). */
const SUBSTRING_OPS: ReadonlySet<string> = new Set([
  'has',
  'has_cs',
  'contains',
  'contains_cs',
  'hasprefix',
  'hasprefix_cs',
  'hassuffix',
  'hassuffix_cs',
  'startswith',
  'startswith_cs',
  'endswith',
  'endswith_cs',
  '==',
  '=~',
]);

/**
 * Every character (lower-cased) the text of a value of these types can hold: `tostring` of a number
 * is digits, sign, point, exponent, `NaN` or `Infinity`; of a datetime `2024-01-01T10:00:00.0000000Z`.
 */
const TEXT_CHARACTERS: Partial<Record<string, string>> = {
  int: '0123456789.-+enaify',
  long: '0123456789.-+enaify',
  real: '0123456789.-+enaify',
  datetime: '0123456789-:.tz',
  bool: 'truefals',
};

/**
 * `tostring(col) has "x"` (and the other substring operators) where col is a number, datetime or
 * bool column and "x" holds a character such text never does: false on every row (what `search`
 * writes for the non-string columns of a table).
 */
function neverMatchesText(expr: Expr, rel: Relation, ctx: EvalContext): boolean {
  if (expr.kind !== 'binary' || !SUBSTRING_OPS.has(expr.op) || !isConstantExpr(expr.right)) return false;
  const left = expr.left;
  if (left.kind !== 'call' || left.name !== 'tostring' || left.args.length !== 1) return false;
  const column = left.args[0] as Expr;
  if (column.kind !== 'column') return false;
  const vec = rel.vecs[columnIndex(rel, column.name)];
  const allowed = TEXT_CHARACTERS[column.type];
  if (!allowed || !(vec instanceof BaseVec) || !(vec.column instanceof NumberColumn)) return false;
  const needle = dynamicToString(evaluateConstant(expr.right, rel, ctx)).toLowerCase();
  if (needle.length === 0) return false;
  for (const ch of needle) if (!allowed.includes(ch)) return true;
  return false;
}
