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
  /** Reads two dictionary columns of few value pairs: evaluated once per pair a row holds. */
  | { kind: 'pair-mask'; expr: Expr; first: StringColumn; second: StringColumn; estimate: number }
  | { kind: 'generic'; expr: Expr; estimate: number };

/** Flattens `a and b and c` into [a, b, c]. */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** Filters a base relation (see module comment). `rel.base` must be set. */
export function filterBase(rel: Relation, predicate: Expr, ctx: EvalContext): Relation {
  const base = rel.base;
  if (!base) throw new Error('filterBase needs a base relation');
  const rowCount = base.table.rowCount;
  const steps = conjuncts(predicate).map((c) => classify(c, rel, ctx, rowCount));

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
  for (const step of cheap) {
    if (candidates !== null && candidates.length === 0) break;
    candidates =
      step.kind === 'mask'
        ? maskPass(step.column.codes, step.mask, candidates, rowCount)
        : rangePass(step as Extract<Step, { kind: 'range' }>, candidates, rowCount);
  }
  for (const step of rest) {
    if (candidates !== null && candidates.length === 0) break;
    candidates = applyStep(step, candidates, rel, ctx, rowCount);
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

/** Rows (of `candidates`, or all rows) whose dictionary code is in `mask`. */
function maskPass(
  codes: DictionaryCodes,
  mask: Uint8Array,
  candidates: Int32Array | null,
  rowCount: number,
): Int32Array {
  const n = candidates ? candidates.length : rowCount;
  const out = new Int32Array(n);
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

/** Rows (of `candidates`, or all rows) whose value is inside the step's bounds (NaN = null never is). */
function rangePass(
  step: Extract<Step, { kind: 'range' }>,
  candidates: Int32Array | null,
  rowCount: number,
): Int32Array {
  const data = step.column.data;
  const n = candidates ? candidates.length : rowCount;
  const out = new Int32Array(n);
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
          const r = candidates[i] as number;
          if (keep(r)) out[k++] = r;
        }
      } else {
        for (let r = 0; r < n; r++) if (keep(r)) out[k++] = r;
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

function classify(expr: Expr, rel: Relation, ctx: EvalContext, rowCount: number): Step {
  const columns = exprColumns(expr);
  if (columns.positional) return { kind: 'generic', expr, estimate: rowCount };

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
        if (candidateCodes) for (const c of candidateCodes) test(c);
        else for (let c = 0; c < dict.length; c++) test(c);
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
