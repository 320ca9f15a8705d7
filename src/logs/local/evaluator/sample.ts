/** `sample N`: N rows of the input picked uniformly at random (all of them when it has fewer). */
import { gatherRelation, type Relation } from '../relation';

export function sample(input: Relation, n: number, random: () => number = Math.random): Relation {
  if (n >= input.length) return input;
  // Partial Fisher–Yates over row numbers: the first n entries are a uniform sample.
  const rows = new Int32Array(input.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (rows.length - i));
    const picked = rows[j] as number;
    rows[j] = rows[i] as number;
    rows[i] = picked;
  }
  // In input order, so a later take or serialize sees them as the input had them.
  return gatherRelation(input, rows.subarray(0, n).sort(), true);
}
