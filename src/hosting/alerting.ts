import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { AlertProcessor } from '../alerts/alert-processor';
import { IncidentDesk } from '../alerts/incident-desk';
import { IncidentStore } from '../alerts/incident-store';
import { ALERT_QUEUE_NAME, AlertIntake, type AlertJob } from '../alerts/intake';
import type { TokenCheck } from '../authorization';
import type { Locale } from '../cards/card-data';
import type { CardRenderer } from '../cards/render';
import type { AppConfig } from '../config/config';
import type { HubDirectory } from '../diagnosis';
import type { Logger } from '../logging/logger';
import type { LogsBackend } from '../logs/backend';
import { ConversationDirectory } from '../proactive/conversation-address';
import { IncidentFanout } from '../proactive/fanout';
import { Outbox, type OutboxItem } from '../proactive/outbox';
import { PostedActivities } from '../proactive/posted-activities';
import { realScheduler, type Scheduler } from '../proactive/scheduler';
import type { ProactiveSender } from '../proactive/sender';
import { DEFAULT_STORM, StormGrouper, type StormOptions } from '../proactive/storm';
import { Subscriptions } from '../proactive/subscriptions';
import { JobRunner } from '../storage/job-runner';
import type { KeyValueStore } from '../storage/store';
import { WorkQueue } from '../storage/work-queue';
import { alertRoute } from './alerts-route';
import { IncidentMessages } from './incident-messages';
import { IncidentTurns } from './incident-turns';
import type { ReadinessCheck } from './server';
import { BotFrameworkSender, createProactiveAdapter } from './proactive-sender';

export interface AlertingOptions {
  readonly store: KeyValueStore;
  /** Bot identity for proactive sends (a middleware-free adapter is made from it). */
  readonly bot: AppConfig['bot'];
  readonly renderer: CardRenderer;
  readonly logger: Logger;
  readonly logs: () => Promise<LogsBackend>;
  readonly hubs?: HubDirectory;
  readonly clock: () => Date;
  readonly scheduler?: Scheduler;
  readonly secret?: string;
  /** Secure webhook: validates the action group's Entra ID bearer token. */
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
  readonly sender?: ProactiveSender;
  readonly storm?: StormOptions;
  readonly pollInMs?: number;
  /** The user's own language choice, for the alert commands' replies. */
  readonly userLanguage?: (context: TurnContext) => Promise<Locale | undefined>;
}

/** Everything alert-related, built and wired once; the composition root starts and stops it. */
export interface Alerting {
  readonly turns: IncidentTurns;
  readonly intake: AlertIntake;
  readonly desk: IncidentDesk;
  /** Registers POST /api/alerts (only when a secret is configured). */
  readonly routes: readonly ((server: import('restify').Server) => void)[];
  readonly outbox: Outbox;
  readonly alertRunner: JobRunner<AlertJob>;
  /** /readyz: the store answers (alerts cannot be accepted without it). */
  readonly readiness: ReadinessCheck;
  start(): void;
  stop(): Promise<void>;
  /** Work everything queued now (tests). */
  drain(): Promise<void>;
}

/**
 *   POST /api/alerts ─▶ AlertIntake ─▶ alert-jobs queue ─▶ AlertProcessor (diagnose)
 *        ─▶ IncidentFanout (subscriptions, storms) ─▶ outbox queue ─▶ Outbox ─▶ Teams
 * Both queues live in the shared store, so any instance may pick up any step.
 */
export function buildAlerting(options: AlertingOptions): Alerting {
  const { store, logger } = options;
  const scheduler = options.scheduler ?? realScheduler;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const incidents = new IncidentStore(store);
  const directory = new ConversationDirectory(store);
  const subscriptions = new Subscriptions(store);
  const posted = new PostedActivities(store);
  const storm = new StormGrouper(store, options.storm ?? DEFAULT_STORM);
  const outbox = new Outbox({
    queue: new WorkQueue<OutboxItem>(store, { name: 'outbox', now: () => scheduler.now() }),
    sender: options.sender ?? new BotFrameworkSender(createProactiveAdapter(options.bot), options.bot.appId),
    source: new IncidentMessages(incidents, storm, options.renderer, options.clock, subscriptions),
    directory,
    subscriptions,
    posted,
    scheduler,
    logger,
    workerId,
    ...(options.pollInMs ? { pollInMs: options.pollInMs } : {}),
  });
  const fanout = new IncidentFanout(store, subscriptions, storm, outbox, () => scheduler.now());
  let logsBackend: LogsBackend | undefined;
  const diagnosisDeps = {
    get logs(): LogsBackend {
      if (!logsBackend) throw new Error('logs not loaded');
      return logsBackend;
    },
    now: options.clock,
    ...(options.hubs ? { hubs: options.hubs } : {}),
  };
  const alertQueue = new WorkQueue<AlertJob>(store, { name: ALERT_QUEUE_NAME, now: () => scheduler.now() });
  const processor = new AlertProcessor({
    queue: alertQueue,
    incidents,
    publisher: fanout,
    diagnosis: diagnosisDeps,
    workerId,
  });
  const alertRunner = new JobRunner<AlertJob>({
    queue: alertQueue,
    workerId,
    clock: scheduler,
    handle: async (job) => {
      logsBackend ??= await options.logs();
      await processor.handle(job);
    },
    onError: (error) => logger.warn({ err: error }, 'Alert processing failed; it will be retried'),
    ...(options.pollInMs ? { pollInMs: options.pollInMs } : {}),
  });
  const intake = new AlertIntake({
    incidents,
    queue: alertQueue,
    now: options.clock,
    onAccepted: () => alertRunner.kick(),
  });
  const desk = new IncidentDesk({
    incidents,
    publisher: fanout,
    diagnosis: {
      get logs(): LogsBackend {
        return diagnosisDeps.logs;
      },
      now: options.clock,
      ...(options.hubs ? { hubs: options.hubs } : {}),
    },
  });
  const ensureLogs = async (): Promise<void> => {
    logsBackend ??= await options.logs();
  };
  const turns = new IncidentTurns({
    prepareDiagnosis: ensureLogs,
    desk,
    directory,
    subscriptions,
    renderer: options.renderer,
    logger,
    clock: options.clock,
    ...(options.userLanguage ? { userLanguage: options.userLanguage } : {}),
  });
  return {
    turns,
    intake,
    desk,
    routes:
      options.secret || options.bearer
        ? [
            alertRoute({
              intake,
              logger,
              ...(options.secret ? { secret: options.secret } : {}),
              ...(options.bearer ? { bearer: options.bearer } : {}),
            }),
          ]
        : [],
    outbox,
    alertRunner,
    readiness: {
      name: 'storage',
      check: async () => {
        try {
          await store.read(['readiness/probe']);
          return { ok: true };
        } catch {
          return { ok: false, detail: 'the store does not answer' };
        }
      },
    },
    // The logs load when the first alert (or "Diagnose again") needs them, not at start: the
    // composition root decides when logs load (tests and CLI keep them lazy).
    start: () => {
      alertRunner.start();
      outbox.start();
    },
    stop: async () => {
      await alertRunner.stop();
      await outbox.stop();
    },
    drain: async () => {
      logsBackend ??= await options.logs();
      await alertRunner.drain();
      await outbox.drain();
    },
  };
}
