/**
 * make_bag() and make_bag_if(): one property bag per group holding the keys of every bag in it.
 * As the Kusto docs say, values that are not property bags (arrays, scalars, null) are skipped,
 * the bag stops growing at `maxKeys` keys, and a key seen in several rows keeps one of its values
 * (here the first one, so the answer does not depend on how many rows follow).
 */
import type { Aggregator } from './aggregates';
import type { Getter } from './compile/context';
import type { DynamicValue } from '../backend';
import type { Value } from './values';

type Bag = Record<string, DynamicValue>;

function isBag(v: Value): v is Bag {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function bagAggregator(value: Getter, pred: Getter | null, maxKeys: number): Aggregator {
  const bags: Bag[] = [];
  const sizes: number[] = [];
  return {
    newGroup: () => {
      bags.push({});
      sizes.push(0);
    },
    add: (g, i) => {
      if (pred && pred(i) !== true) return;
      const v = value(i);
      if (!isBag(v)) return;
      const bag = bags[g] as Bag;
      for (const [key, item] of Object.entries(v)) {
        if ((sizes[g] as number) >= maxKeys) return;
        if (Object.prototype.hasOwnProperty.call(bag, key)) continue;
        // Defined, not assigned: a key named __proto__ is data here, not the bag's prototype.
        Object.defineProperty(bag, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        sizes[g] = (sizes[g] as number) + 1;
      }
    },
    results: () => [bags],
  };
}
