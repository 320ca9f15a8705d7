import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../storage/store';

/**
 * Which activity a "thread" (one incident in one conversation, one digest) was posted as, so
 * later sends update that activity in place instead of posting again.
 */
export class PostedActivities {
  constructor(private readonly store: KeyValueStore) {}

  async get(thread: string): Promise<string | undefined> {
    const key = postKey(thread);
    return ((await this.store.read([key]))[key] as { activityId?: string } | undefined)?.activityId;
  }

  async set(thread: string, activityId: string): Promise<void> {
    await this.store.write({ [postKey(thread)]: { thread, activityId } });
  }

  async forget(thread: string): Promise<void> {
    await this.store.delete([postKey(thread)]);
  }
}

function postKey(thread: string): string {
  return `posted/${createHash('sha256').update(thread).digest('hex').slice(0, 40)}`;
}

/** The thread of one incident in one conversation. */
export function incidentThread(incidentId: string, conversationKey: string): string {
  return `incident:${incidentId}:${conversationKey}`;
}
