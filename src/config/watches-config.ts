import { z } from 'zod';
import { configSection } from './section';

/** How the watches (`watch X`) judge a disconnect. */
export interface WatchesConfig {
  /**
   * A disconnect is news once it has lasted this long, and a reconnect is "back online" once it
   * has held this long; `watch X for 10m` sets its own.
   */
  readonly graceMs: number;
}

/**
 * Event Grid's connection states are ~60 s snapshots and an SDK's token renewal reconnects
 * within seconds: two minutes keeps a renewal quiet. Shorter is for trying watches locally.
 */
const DEFAULT_GRACE_SECONDS = 120;
const MAX_GRACE_SECONDS = 24 * 60 * 60;

/** WATCH_GRACE_SECONDS: the grace period of a watch that names none. */
export const watchesSection = configSection({
  variables: {
    // Empty is unset, as a template that passes every setting would leave it.
    WATCH_GRACE_SECONDS: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .refine(
        (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_GRACE_SECONDS),
        `must be a whole number of seconds from 1 to ${MAX_GRACE_SECONDS} (a day), e.g. 120`,
      )
      .transform((v) => (v === undefined ? DEFAULT_GRACE_SECONDS : Number(v)))
      .optional(),
  },
  read: (e): WatchesConfig => ({ graceMs: (e.WATCH_GRACE_SECONDS ?? DEFAULT_GRACE_SECONDS) * 1000 }),
});
