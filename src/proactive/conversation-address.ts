import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../storage/store';
import { withoutETag } from '../storage/update-item';

/**
 * Where a proactive message can go: the Bot Framework conversation reference as the platform
 * gave it (opaque JSON here; hosting knows its shape) plus what we need to reason about it.
 * Only references stored from authenticated inbound turns are ever used, never anything from a
 * webhook body: the SDK sends its bearer token to the reference's serviceUrl.
 */
export interface ConversationAddress {
  readonly conversationId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  /** `personal`, `groupChat` or `channel`. */
  readonly conversationType?: string;
  /** The platform's conversation reference, replayed by the sender. */
  readonly reference: Readonly<Record<string, unknown>>;
  readonly storedAt: string;
}

/** A short, key-safe name for a conversation (Teams ids are long and full of ':' and '@'). */
export function conversationKey(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 32);
}

/**
 * Conversation references, stored when the bot is installed or addressed, removed on uninstall
 * and when Teams answers 403/404 for them. They survive restarts (they are in the store).
 */
export class ConversationDirectory {
  private readonly known = new Map<string, string>();

  constructor(private readonly store: KeyValueStore) {}

  /** Store (or refresh) a reference; cheap when nothing changed since the last turn. */
  async remember(address: ConversationAddress): Promise<void> {
    const key = conversationKey(address.conversationId);
    const fingerprint = `${address.serviceUrl}|${address.tenantId ?? ''}`;
    if (this.known.get(key) === fingerprint) return;
    await this.store.write({ [storeKey(key)]: { ...address } });
    this.known.set(key, fingerprint);
  }

  async get(key: string): Promise<ConversationAddress | undefined> {
    const item = (await this.store.read([storeKey(key)]))[storeKey(key)];
    return item ? withoutETag<ConversationAddress>(item) : undefined;
  }

  async forget(key: string): Promise<void> {
    this.known.delete(key);
    await this.store.delete([storeKey(key)]);
  }
}

function storeKey(key: string): string {
  return `conversation/${key}`;
}
