import type { ConnectionState } from './device-record';

/** What a conversation watches: one device, or every device of a hub. */
export type WatchTarget =
  | { readonly kind: 'device'; readonly hub?: string; readonly deviceId: string }
  | { readonly kind: 'hub'; readonly hub: string };

/** `watch X [for 10m]`: tell this conversation when X stays disconnected longer than `graceMs`. */
export interface Watch {
  readonly id: string;
  readonly conversationKey: string;
  readonly target: WatchTarget;
  readonly graceMs: number;
  readonly createdAt: string;
}

/**
 * Connection states are ~60 s snapshots and an SDK's SAS token renewal reconnects within
 * seconds, so a disconnect is only news once it has lasted this long.
 */
export const DEFAULT_GRACE_MS = 2 * 60_000;

export interface WatchPolicy {
  /** This many disconnects within `flapWindowMs` is flapping: one notification, not one per drop. */
  readonly flapThreshold: number;
  readonly flapWindowMs: number;
  /** A hub watch with at least this many notifications in one evaluation sends one digest. */
  readonly digestMin: number;
}

export const DEFAULT_WATCH_POLICY: WatchPolicy = {
  flapThreshold: 3,
  flapWindowMs: 15 * 60_000,
  digestMin: 2,
};

/**
 * What has been told about one device under one watch. No mark = nothing open: the device is
 * fine, or its trouble has been reported as over.
 */
export interface WatchMark {
  /** `down`: "dropped" was sent; `flapping`: "flapping" was sent (or a drop turned into flapping). */
  readonly mode: 'down' | 'flapping';
  /** When the trouble started (the disconnect that was reported, or the first flap). */
  readonly since: string;
}

export type DeviceNotice =
  | { readonly kind: 'dropped'; readonly since: string; readonly downForMs: number }
  | { readonly kind: 'flapping'; readonly since: string; readonly downForMs: number; readonly drops: number }
  | {
      readonly kind: 'back-online';
      /** When it reconnected. */
      readonly since: string;
      /** From the reported drop (or first flap) to the reconnect. */
      readonly downForMs: number;
      readonly drops: number;
      readonly flapping: boolean;
    };

export interface Decision {
  readonly notice?: DeviceNotice;
  /** The mark to store; undefined closes it. */
  readonly mark: WatchMark | undefined;
}

/**
 * One device, one watch, one moment: what to say and what to remember. Pure.
 *
 *   no mark ── ≥ flapThreshold disconnects in flapWindow ──▶ "flapping"      ─▶ flapping
 *           └─ disconnected ≥ grace ──────────────────────▶ "dropped"       ─▶ down
 *   down ──── connected ≥ grace ──────────────────────────▶ "back online"   ─▶ no mark
 *        └─── flaps while down (reconnects, drops again) ─▶ (silent)        ─▶ flapping
 *   flapping ─ connected for a whole flapWindow ──────────▶ "back online"   ─▶ no mark
 *
 * A token renewal (disconnect and reconnect within the grace period) says nothing: one
 * disconnect is not flapping, and the disconnect never lasted the grace period. A reconnect is
 * only "back online" once it has held for the grace period, so a device that reconnects and
 * drops again stays one incident.
 */
export function decide(
  state: ConnectionState | undefined,
  mark: WatchMark | undefined,
  now: Date,
  graceMs: number,
  policy: WatchPolicy = DEFAULT_WATCH_POLICY,
): Decision {
  if (!state) return { mark: undefined }; // deleted, or never seen: nothing to watch any more
  const at = now.getTime();
  const inState = at - Date.parse(state.since);
  const windowStart = at - policy.flapWindowMs;
  const flaps = state.recentDisconnects.filter((time) => Date.parse(time) >= windowStart);

  if (!mark) {
    if (flaps.length >= policy.flapThreshold) {
      const first = flaps[0] as string;
      return {
        notice: { kind: 'flapping', since: first, downForMs: at - Date.parse(first), drops: flaps.length },
        mark: { mode: 'flapping', since: first },
      };
    }
    if (state.state === 'disconnected' && inState >= graceMs) {
      return {
        notice: { kind: 'dropped', since: state.since, downForMs: inState },
        mark: { mode: 'down', since: state.since },
      };
    }
    return { mark: undefined };
  }

  const settle = mark.mode === 'down' ? graceMs : policy.flapWindowMs;
  if (state.state === 'connected' && inState >= settle) {
    const drops = state.recentDisconnects.filter((time) => time >= mark.since).length;
    return {
      notice: {
        kind: 'back-online',
        since: state.since,
        downForMs: Math.max(0, Date.parse(state.since) - Date.parse(mark.since)),
        drops: Math.max(1, drops),
        flapping: mark.mode === 'flapping',
      },
      mark: undefined,
    };
  }
  if (mark.mode === 'down' && flaps.length >= policy.flapThreshold) {
    return { mark: { mode: 'flapping', since: mark.since } };
  }
  return { mark };
}
