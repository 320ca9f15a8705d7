/**
 * "Did you mean ...?" for a device id without records: the known ids closest by edit distance
 * (Levenshtein, with a case-only difference counting half, since device ids are case-sensitive and
 * a wrong case is the commonest typo).
 */

/** Up to `limit` candidates within `maxDistance(target)` of `target`, nearest first (ties: alphabetical). */
export function nearestIds(target: string, candidates: Iterable<string>, limit = 5): string[] {
  const budget = Math.max(2, Math.ceil(target.length / 4));
  const scored: { id: string; folded: number; distance: number }[] = [];
  for (const id of new Set(candidates)) {
    if (id === target) continue;
    if (Math.abs(id.length - target.length) > budget) continue;
    // The budget is on the letters, case aside: "THERMOSTAT-0042" is 5 case flips from
    // "thermostat-0042" yet the surest suggestion there is. Case then orders the candidates.
    const folded = editDistance(target.toLowerCase(), id.toLowerCase());
    if (folded <= budget) scored.push({ id, folded, distance: editDistance(target, id) });
  }
  scored.sort((a, b) => a.folded - b.folded || a.distance - b.distance || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}

/** Levenshtein distance where substituting a letter by itself in the other case costs 0.5. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1] ?? '';
      const y = b[j - 1] ?? '';
      const substitution = x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? 0.5 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + substitution,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
