import type { Value } from './values';

/**
 * Kusto `parse_json(string)`: valid JSON text → its value; an empty string → null; anything
 * else → a dynamic holding the original string (per the parse_json docs).
 */
export function parseJsonText(s: string): Value {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  // Fast reject of text that cannot start a JSON value (saves a throw per row).
  if (!(
    c === 123 ||
    c === 91 ||
    c === 34 ||
    c === 45 ||
    (c >= 48 && c <= 57) ||
    c === 116 ||
    c === 102 ||
    c === 110 ||
    c <= 32
  )) {
    return s;
  }
  try {
    return JSON.parse(s) as Value;
  } catch {
    return s;
  }
}

/** Member `key` of a dynamic value (own properties only), null when absent or not an object. */
export function dynamicMember(target: Value, key: string): Value {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) return null;
  return Object.prototype.hasOwnProperty.call(target, key)
    ? ((target as Record<string, Value>)[key] as Value)
    : null;
}

/** `x[i]` / `x['key']` on a dynamic value; negative array indexes count from the end. */
export function dynamicIndex(target: Value, index: Value): Value {
  if (target === null || typeof target !== 'object') return null;
  if (Array.isArray(target)) {
    if (typeof index !== 'number' || !Number.isInteger(index)) return null;
    const i = index < 0 ? target.length + index : index;
    return i >= 0 && i < target.length ? (target[i] as Value) : null;
  }
  if (typeof index !== 'string') return null;
  return dynamicMember(target, index);
}
