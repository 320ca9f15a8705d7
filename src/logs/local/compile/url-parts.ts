/**
 * parse_url(url): the parts of an absolute URL as the bag the Kusto docs show, keys in their
 * order: Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment. Every part is
 * a string ("" when the URL has none; Port too) and Query Parameters is a bag of the decoded query
 * keys and values. Path keeps its leading '/': the docs' example prints "this/is/a/path", but
 * queries written against Application Insights test `parse_url(url).Path startswith "/admin"`, so
 * the service returns the slash; a wrong Path there would silently drop rows from a filter.
 */
import type { DynamicValue } from '../../backend';

const ABSOLUTE_URL =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/s;

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function queryParameters(query: string): Record<string, DynamicValue> {
  const bag: Record<string, DynamicValue> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const key = decode(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : decode(pair.slice(at + 1));
    // Defined, not assigned: a key named __proto__ is data here, not the bag's prototype.
    Object.defineProperty(bag, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return bag;
}

/** The documented bag, or an empty bag when `url` is not an absolute URL. */
export function parseUrl(url: string): Record<string, DynamicValue> {
  const m = ABSOLUTE_URL.exec(url.trim());
  if (!m) return {};
  const [, scheme, username, password, host, port, path, query, fragment] = m;
  return {
    Scheme: scheme ?? '',
    Host: host ?? '',
    Port: port ?? '',
    Path: path ?? '',
    Username: username ?? '',
    Password: password ?? '',
    'Query Parameters': queryParameters(query ?? ''),
    Fragment: fragment ?? '',
  };
}
