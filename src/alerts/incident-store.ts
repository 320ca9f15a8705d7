import { createHash } from 'node:crypto';
import { IF_ABSENT, StorageConflictError, type KeyValueStore } from '../storage/store';
import { updateItem, withoutETag } from '../storage/update-item';
import type { Incident } from './incident';

interface AlertIndexEntry {
  readonly incidentId: string;
  readonly alertId: string;
}

interface IncidentIndex {
  /** Newest last; resolved incidents stay until pruned so `incident <id>` still finds them. */
  readonly ids: readonly string[];
}

/** Incidents kept in the list index (older ones remain readable by id). */
const INDEX_LIMIT = 500;

/**
 * Incidents in the KeyValueStore:
 *   alert/<sha256(alertId)>  → which incident an Azure alert id became (create-only)
 *   incident/<id>            → the incident
 *   incidents/index          → ids, for `incidents`
 * Ids are short (typed in `ack 3fa2c1`) and derived from the alert id, so the same alert
 * arriving at two instances lands on the same incident.
 */
export class IncidentStore {
  constructor(private readonly store: KeyValueStore) {}

  /** The incident id for an Azure alert id, allocating one on first sight. */
  async idForAlert(alertId: string): Promise<string> {
    const hash = createHash('sha256').update(alertId).digest('hex');
    const key = `alert/${hash}`;
    const existing = (await this.store.read([key]))[key] as AlertIndexEntry | undefined;
    if (existing) return existing.incidentId;
    // Six hex characters is plenty for one team's incidents; lengthen on the rare collision.
    for (let length = 6; length <= hash.length; length += 2) {
      const candidate = hash.slice(0, length);
      const taken = await this.get(candidate);
      if (taken && taken.alertId !== alertId) continue;
      try {
        await this.store.write({ [key]: { incidentId: candidate, alertId, eTag: IF_ABSENT } });
        return candidate;
      } catch (error) {
        if (!(error instanceof StorageConflictError)) throw error;
        const winner = (await this.store.read([key]))[key] as AlertIndexEntry | undefined;
        if (winner) return winner.incidentId;
      }
    }
    throw new Error(`No free incident id for alert ${alertId}`);
  }

  async get(id: string): Promise<Incident | undefined> {
    const item = (await this.store.read([incidentKey(id)]))[incidentKey(id)];
    return item ? withoutETag<Incident>(item) : undefined;
  }

  /** Read-modify-write with eTags; `change` returning undefined leaves the incident as it is. */
  async update(
    id: string,
    change: (current: Incident | undefined) => Incident | undefined,
  ): Promise<Incident | undefined> {
    let changed = false;
    const result = await updateItem<Incident>(this.store, incidentKey(id), (current) => {
      const next = change(current);
      changed = next !== undefined;
      return next;
    });
    if (changed && result) await this.index(id);
    return result;
  }

  /** Newest first. */
  async list(): Promise<Incident[]> {
    const index = (await this.store.read(['incidents/index']))['incidents/index'] as
      IncidentIndex | undefined;
    const ids = [...(index?.ids ?? [])].reverse();
    if (ids.length === 0) return [];
    const items = await this.store.read(ids.map(incidentKey));
    return ids.flatMap((id) => {
      const item = items[incidentKey(id)];
      return item ? [withoutETag<Incident>(item)] : [];
    });
  }

  private async index(id: string): Promise<void> {
    await updateItem<IncidentIndex>(this.store, 'incidents/index', (index) =>
      index?.ids.includes(id) ? undefined : { ids: [...(index?.ids ?? []), id].slice(-INDEX_LIMIT) },
    );
  }
}

function incidentKey(id: string): string {
  return `incident/${id}`;
}

/** Incident ids as people type them: hex, any case, with or without a leading '#'. */
export function normalizeIncidentId(text: string): string | undefined {
  const id = text.trim().replace(/^#/, '').toLowerCase();
  return /^[0-9a-f]{6,64}$/.test(id) ? id : undefined;
}
