import { createHash } from 'node:crypto';
import type { TokenCheck } from '../authorization';
import type { Locale } from '../cards/card-data';
import { findingText } from '../knowledge/catalog';
import type { CardRenderer } from '../cards/render';
import type { LiveServices } from '../conversation/verbs';
import { diagnose } from '../diagnosis';
import { diagnoseDepsIn, type LogsContextProvider } from '../diagnosis/logs-context';
import { eventsRoute } from '../hosting/events-route';
import type { RouteRegistration } from '../hosting/server';
import { LiveConnectionStore } from '../live/connection-store';
import { LiveEventIntake } from '../live/intake';
import { DEFAULT_GRACE_MS, type WatchTarget } from '../live/watch-rules';
import { LiveWatches, type WatchNotification } from '../live/watches';
import type { Logger } from '../logging/logger';
import type { Outbox } from '../proactive/outbox';
import { systemScheduler, type Scheduler } from '../proactive/scheduler';
import type { KeyValueStore, StoreItem } from '../storage/store';
import {
  WatchLanguages,
  WatchMessages,
  watchNoticeKey,
  watchThread,
  type StoredWatchNotice,
} from './watch-messages';

/** Watches are evaluated this often: well inside the 2-minute default grace period. */
export const DEFAULT_WATCH_POLL_MS = 20_000;

/** A shorter grace period (WATCH_GRACE_SECONDS) is evaluated this many times within it, at most once a second. */
const POLLS_PER_GRACE = 6;
const MIN_WATCH_POLL_MS = 1000;

/** How often to evaluate so a notice comes at most a sixth of the grace period late. */
export function watchPollFor(graceMs: number): number {
  return Math.min(DEFAULT_WATCH_POLL_MS, Math.max(MIN_WATCH_POLL_MS, Math.round(graceMs / POLLS_PER_GRACE)));
}

/** How far back the logs are asked about a dropped device's last disconnect. */
const LAST_DISCONNECT_WINDOW_MS = 24 * 60 * 60_000;

export interface LiveOptions {
  readonly store: KeyValueStore;
  readonly renderer: CardRenderer;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The logs the "dropped" card's diagnosis line comes from. */
  readonly logs: LogsContextProvider;
  readonly secret?: string;
  /** Event Grid's Entra ID delivery: validates its bearer token. */
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
  readonly scheduler?: Pick<Scheduler, 'sleep'>;
  /** The grace period of a watch that names none (WATCH_GRACE_SECONDS; default 2 min). */
  readonly graceMs?: number;
  /** Default: from the grace period (`watchPollFor`). */
  readonly pollInMs?: number;
}

/** The live connection state, wired: built before the alerting (its renderer goes to the outbox). */
export interface Live {
  readonly states: LiveConnectionStore;
  readonly watches: LiveWatches;
  /** What the verbs use (`watch`, `unwatch`, `watches`, `status`). */
  readonly services: LiveServices;
  /** Renders the outbox's watch notices. */
  readonly messages: WatchMessages;
  /** POST/OPTIONS /api/events when a key or Entra ID delivery is configured; none otherwise. */
  readonly routes: readonly RouteRegistration[];
  /** Evaluates every watch now and queues what is due; returns how many notices were queued. */
  tick(): Promise<number>;
  /** The timer: `tick` every poll interval until `stop`. */
  start(outbox: Outbox): void;
  stop(): Promise<void>;
}

/**
 *   POST /api/events ─▶ LiveEventIntake ─▶ LiveConnectionStore (per-device records, shared store)
 *   timer ─▶ LiveWatches.due(now) ─▶ stored notice ─▶ outbox (rate limits, post / update in place) ─▶ Teams
 */
export function buildLive(options: LiveOptions): Live {
  const { store, logger, clock } = options;
  const scheduler = options.scheduler ?? systemScheduler;
  const pollInMs = options.pollInMs ?? watchPollFor(options.graceMs ?? DEFAULT_GRACE_MS);
  const states = new LiveConnectionStore(store);
  const watches = new LiveWatches({
    store,
    states,
    ...(options.graceMs !== undefined ? { defaultGraceMs: options.graceMs } : {}),
  });
  const languages = new WatchLanguages(store);
  const messages = new WatchMessages(store, languages, options.renderer, clock);
  const intake = new LiveEventIntake({ states });
  let outbox: Outbox | undefined;
  let running = false;
  let inFlight: Promise<number> | undefined;

  const lastDisconnectFinding = async (n: WatchNotification): Promise<string | undefined> => {
    if (n.kind !== 'dropped') return undefined;
    try {
      const context = await options.logs();
      const now = clock();
      const diagnosis = await diagnose(
        {
          deviceId: n.deviceId,
          hub: n.hub,
          window: { start: new Date(now.getTime() - LAST_DISCONNECT_WINDOW_MS), end: now },
        },
        diagnoseDepsIn(context),
      );
      const top = diagnosis.findings.find((f) => f.severity !== 'info' && f.evidence.length > 0);
      return top ? findingText(top.id, 'en').title : undefined;
    } catch (error) {
      // The card goes out without the line: the live state is the news, the logs only explain it.
      logger.debug({ err: error, device: n.deviceId }, 'Watch: no diagnosis line for the dropped card');
      return undefined;
    }
  };

  /**
   * Hands each due notice to the outbox. Idempotent per notice, because a crash after the
   * watches claimed it makes the next tick deliver it again: the stored notice's key and the
   * outbox job's key both derive from the notification id, so a redo overwrites the same notice
   * and finds the same job (or, once that was sent, updates the same card in place).
   */
  const tick = async (): Promise<number> => {
    if (!outbox) return 0;
    const queue = outbox;
    let targets: Map<string, WatchTarget> | undefined;
    return watches.deliverDue(clock(), async (notification) => {
      targets ??= new Map((await watches.list()).map((w) => [w.id, w.target]));
      const target = targets.get(notification.watchId);
      if (!target) return; // unwatched meanwhile
      const thread = watchThread(notification);
      const noticeKey = watchNoticeKey(thread);
      const finding = await lastDisconnectFinding(notification);
      const stored: StoredWatchNotice = {
        notification,
        target,
        ...(finding ? { lastDisconnectFinding: finding } : {}),
      };
      await store.write({ [noticeKey]: { ...stored } satisfies StoreItem });
      await queue.enqueue(
        { conversationKey: notification.conversationKey, thread, subject: { kind: 'watch', noticeKey } },
        { key: createHash('sha256').update(notification.id).digest('hex').slice(0, 16) },
      );
      logger.info(
        { watch: notification.watchId, kind: notification.kind, hub: notification.hub },
        'Watch: notice queued',
      );
    });
  };

  const tickOnce = (): Promise<number> => {
    inFlight ??= tick().finally(() => (inFlight = undefined));
    return inFlight;
  };

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        await tickOnce();
      } catch (error) {
        logger.warn({ err: error }, 'Watch evaluation failed; it runs again at the next tick');
      }
      if (running) await scheduler.sleep(pollInMs);
    }
  };

  return {
    states,
    watches,
    messages,
    services: {
      watches,
      states,
      rememberLanguage: (conversationKey: string, locale: Locale) => languages.set(conversationKey, locale),
    },
    routes:
      options.secret || options.bearer
        ? [
            eventsRoute({
              intake,
              logger,
              ...(options.secret ? { secret: options.secret } : {}),
              ...(options.bearer ? { bearer: options.bearer } : {}),
            }),
          ]
        : [],
    tick: tickOnce,
    start(target) {
      outbox = target;
      if (running) return;
      running = true;
      void loop();
    },
    async stop() {
      running = false;
      await inFlight?.catch(() => undefined);
    },
  };
}
