/** String functions: concatenation, case, trimming, substrings, splitting, regex extraction and replacement. */
import { compileString, evaluateConstant, isConstantExpr } from '../../compile';
import type { Relation } from '../../relation';
import { dynamicToString, type Value } from '../../values';
import { type CallExpr, argAt, callParts, constantArg } from '../call';
import { type EvalContext, type Getter, badQuery } from '../context';
import { toNumberOrNull } from '../convert';
import { makeRegex } from '../regex';

/** The constant captureGroups of extract_all: group numbers (from 1) or names. */
function captureGroupsArg(expr: CallExpr, rel: Relation, ctx: EvalContext): (number | string)[] {
  const groups = constantArg(expr, 1, rel, ctx);
  const valid =
    Array.isArray(groups) &&
    groups.length > 0 &&
    groups.every((g) => (typeof g === 'number' && Number.isInteger(g) && g >= 1) || typeof g === 'string');
  if (!valid)
    throw badQuery(
      'The capture groups of extract_all() must be a dynamic array of group numbers (from 1) or names',
      expr.pos,
    );
  return groups as (number | string)[];
}

/** Compiles a call of one of the string functions; undefined when `expr` calls another function. */
export function compileStringCall(expr: CallExpr, rel: Relation, ctx: EvalContext): Getter | undefined {
  const { args, arg } = callParts(expr, rel, ctx);
  switch (expr.name) {
    case 'strcat': {
      const parts = args.map((a) => compileString(a, rel, ctx));
      return (i) => {
        let s = '';
        for (const p of parts) s += p(i);
        return s;
      };
    }
    case 'strcat_delim': {
      const delim = compileString(argAt(expr, 0), rel, ctx);
      const parts = args.slice(1).map((a) => compileString(a, rel, ctx));
      return (i) => parts.map((p) => p(i)).join(delim(i));
    }
    case 'strlen': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).length;
    }
    case 'tolower': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).toLowerCase();
    }
    case 'toupper': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      return (i) => s(i).toUpperCase();
    }
    case 'trim': {
      const pattern = compileString(argAt(expr, 0), rel, ctx);
      const s = compileString(argAt(expr, 1), rel, ctx);
      return (i) => {
        const p = pattern(i);
        const re = makeRegex(`^(?:${p})+|(?:${p})+$`, expr.pos, 'trim', 'g');
        re.lastIndex = 0;
        return s(i).replace(re, '');
      };
    }
    case 'trim_start':
    case 'trim_end': {
      const pattern = compileString(argAt(expr, 0), rel, ctx);
      const s = compileString(argAt(expr, 1), rel, ctx);
      const start = expr.name === 'trim_start';
      return (i) => {
        const p = pattern(i);
        const re = makeRegex(start ? `^(?:${p})+` : `(?:${p})+$`, expr.pos, expr.name);
        return s(i).replace(re, '');
      };
    }
    case 'extract_all': {
      // extract_all(regex, [captureGroups,] source): captureGroups selects groups by number or name.
      const pattern = compileString(argAt(expr, 0), rel, ctx);
      const source = compileString(argAt(expr, args.length > 2 ? 2 : 1), rel, ctx);
      const selected = args.length > 2 ? captureGroupsArg(expr, rel, ctx) : null;
      return (i) => {
        const re = makeRegex(pattern(i), expr.pos, 'extract_all', 'g');
        re.lastIndex = 0;
        const matches: Value[] = [];
        for (const m of source(i).matchAll(re)) {
          const groups = selected
            ? selected.map((g) => (typeof g === 'number' ? m[g] : m.groups?.[g]) ?? '')
            : m.slice(1).map((g) => g ?? '');
          // One capture group: its values; several: one array of groups per match.
          matches.push(groups.length === 0 ? m[0] : groups.length === 1 ? (groups[0] as string) : groups);
        }
        return matches.length ? matches : null;
      };
    }
    case 'substring': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const start = arg(1);
      const length = args.length > 2 ? arg(2) : null;
      return (i) => {
        const str = s(i);
        const a = toNumberOrNull(start(i));
        if (a === null) return '';
        const from = Math.max(0, Math.trunc(a));
        if (!length) return str.slice(from);
        const l = toNumberOrNull(length(i));
        if (l === null) return str.slice(from);
        return str.slice(from, from + Math.max(0, Math.trunc(l)));
      };
    }
    case 'split': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const delim = compileString(argAt(expr, 1), rel, ctx);
      const index = args.length > 2 ? arg(2) : null;
      return (i) => {
        const d = delim(i);
        const parts = d === '' ? [s(i)] : s(i).split(d);
        if (!index) return parts;
        const k = toNumberOrNull(index(i));
        if (k === null) return null;
        const at = k < 0 ? parts.length + k : k;
        return at >= 0 && at < parts.length ? [parts[at] as string] : [];
      };
    }
    case 'extract': {
      if (args.length > 3) throw badQuery(`extract() with a type argument is not supported`, expr.pos);
      const group = arg(1);
      const source = compileString(argAt(expr, 2), rel, ctx);
      const patternExpr = argAt(expr, 0);
      const constantPattern = isConstantExpr(patternExpr)
        ? makeRegex(dynamicToString(evaluateConstant(patternExpr, rel, ctx)), expr.pos, 'extract')
        : null;
      const pattern = constantPattern ? null : compileString(patternExpr, rel, ctx);
      return (i) => {
        const re = constantPattern ?? makeRegex((pattern as (i: number) => string)(i), expr.pos, 'extract');
        const g = toNumberOrNull(group(i));
        if (g === null) return '';
        const m = re.exec(source(i));
        if (!m) return '';
        return m[g] ?? '';
      };
    }
    case 'replace_string': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const lookup = compileString(argAt(expr, 1), rel, ctx);
      const rewrite = compileString(argAt(expr, 2), rel, ctx);
      return (i) => {
        const l = lookup(i);
        return l === '' ? s(i) : s(i).split(l).join(rewrite(i));
      };
    }
    case 'replace_regex': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const pattern = compileString(argAt(expr, 1), rel, ctx);
      const rewrite = compileString(argAt(expr, 2), rel, ctx);
      return (i) => {
        const re = makeRegex(pattern(i), expr.pos, 'replace_regex', 'g');
        re.lastIndex = 0;
        // Kusto rewrite groups are \1..\9; JS uses $1..$9.
        return s(i).replace(
          re,
          rewrite(i)
            .replace(/\$/g, '$$$$')
            .replace(/\\(\d)/g, '$$$1'),
        );
      };
    }
    case 'indexof': {
      const s = compileString(argAt(expr, 0), rel, ctx);
      const lookup = compileString(argAt(expr, 1), rel, ctx);
      return (i) => s(i).indexOf(lookup(i));
    }
    default:
      return undefined;
  }
}
