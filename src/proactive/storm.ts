import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../storage/store';
import { updateItem } from '../storage/update-item';

export interface StormOptions {
  /** Alerts of one rule in one conversation within the window that still get a card each. */
  readonly threshold: number;
  readonly windowInMs: number;
}

export const DEFAULT_STORM: StormOptions = { threshold: 3, windowInMs: 10 * 60_000 };

interface StormRecord {
  readonly windowStart: number;
  readonly incidentIds: readonly string[];
}

export type StormRoute =
  | { readonly kind: 'single' }
  | { readonly kind: 'digest'; readonly thread: string; readonly stormKey: string };

/**
 * Alert storms: the first `threshold` alerts of one rule in a conversation within the window get
 * their own card; the rest go into one digest card for that window, updated in place, instead
 * of N cards. The count is kept in the store so every instance sees the same storm.
 */
export class StormGrouper {
  constructor(
    private readonly store: KeyValueStore,
    private readonly options: StormOptions = DEFAULT_STORM,
  ) {}

  async route(conversationKey: string, rule: string, incidentId: string, now: number): Promise<StormRoute> {
    const key = stormKey(conversationKey, rule);
    const record = await updateItem<StormRecord>(this.store, key, (current) => {
      const fresh = !current || now - current.windowStart >= this.options.windowInMs;
      const base = fresh ? { windowStart: now, incidentIds: [] } : current;
      if (base.incidentIds.includes(incidentId)) return fresh ? base : undefined;
      return { windowStart: base.windowStart, incidentIds: [...base.incidentIds, incidentId] };
    });
    const position = record?.incidentIds.indexOf(incidentId) ?? 0;
    if (position < this.options.threshold) return { kind: 'single' };
    return { kind: 'digest', thread: `digest:${key}:${record?.windowStart ?? now}`, stormKey: key };
  }

  /** Incidents in the storm's digest (those past the threshold), oldest first. */
  async digestMembers(
    stormKeyValue: string,
  ): Promise<{ windowStart: number; incidentIds: readonly string[] }> {
    const record = (await this.store.read([stormKeyValue]))[stormKeyValue] as StormRecord | undefined;
    return {
      windowStart: record?.windowStart ?? 0,
      incidentIds: (record?.incidentIds ?? []).slice(this.options.threshold),
    };
  }
}

function stormKey(conversationKey: string, rule: string): string {
  return `storm/${conversationKey}/${createHash('sha256').update(rule).digest('hex').slice(0, 16)}`;
}
