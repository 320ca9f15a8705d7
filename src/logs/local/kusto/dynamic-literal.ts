/**
 * The value of a `dynamic(...)` literal. Kusto's dynamic literals are not JSON: strings may be
 * single-quoted (`dynamic(['a'])`, common in Microsoft's examples) or verbatim (`@'a\b'`), and
 * values may be typed literals (`datetime(2020-01-01)`, `1h`). JSON text is parsed directly (the
 * common, fast case); anything else is read from the parser's syntax tree of the literal.
 */
/// <reference types="@kusto/language-service-next" />
import type { Expr } from '../ast';
import { toDynamic, type Value } from '../values';
import { type KNode, child, kindOf, listElements, text, unsupported } from './syntax';

/** The literal's value; `convertValue` turns a scalar literal inside it into an engine literal. */
export function dynamicLiteralValue(node: KNode, convertValue: (value: KNode) => Expr): Value {
  const raw = node.LiteralValue;
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as Value;
    } catch {
      // Not JSON: read the syntax tree below.
    }
  }
  const inner = child(node, 'Expression');
  if (!inner) throw unsupported(`the dynamic literal '${text(node)}'`, node.TextStart);
  return jsonValue(inner, convertValue);
}

function jsonValue(node: KNode, convertValue: (value: KNode) => Expr): Value {
  switch (kindOf(node)) {
    case 'JsonArrayExpression':
      return listElements(child(node, 'Values')).map((v) => jsonValue(v, convertValue)) as Value;
    case 'JsonObjectExpression': {
      const bag: Record<string, Value> = {};
      for (const pair of listElements(child(node, 'Pairs'))) {
        const keyToken = child(pair, 'Name');
        const value = child(pair, 'Value');
        const key = keyToken ? Kusto.Language.KustoFacts.GetStringLiteralValue(keyToken.Text ?? '') : null;
        if (key === null || !value) throw unsupported(`the dynamic literal '${text(node)}'`, pair.TextStart);
        // Defined, not assigned: a key named __proto__ is data here, not the bag's prototype.
        Object.defineProperty(bag, key, {
          value: jsonValue(value, convertValue),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return bag as Value;
    }
    default: {
      const expr = convertValue(node);
      if (expr.kind === 'literal') return toDynamic(expr.value, expr.type);
      if (expr.kind === 'unary' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number')
        return toDynamic(expr.op === '-' ? -expr.operand.value : expr.operand.value, expr.operand.type);
      throw unsupported(`the dynamic literal '${text(node)}'`, node.TextStart);
    }
  }
}
