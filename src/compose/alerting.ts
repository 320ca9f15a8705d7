import { randomUUID } from 'node:crypto';
import { AlertProcessor } from '../alerts/alert-processor';
import { demoAlertsThrough, type DemoAlerts } from '../alerts/demo-alert';
import { IncidentDesk } from '../alerts/incident-desk';
import { IncidentStore } from '../alerts/incident-store';
import { markDelivered, markUndelivered } from '../alerts/undelivered';
import { ALERT_QUEUE_NAME, AlertIntake, type AlertJob } from '../alerts/intake';
import type { TokenCheck } from '../authorization';
import type { CardRenderer } from '../cards/render';
import type { AppConfig } from '../config/config';
import type { LogsContextProvider } from '../diagnosis/logs-context';
import type { Logger } from '../logging/logger';
import { ConversationDirectory } from '../proactive/conversation-address';
import { IncidentFanout } from '../proactive/fanout';
import { Outbox, type DeliveryReport, type MessageSource, type OutboxItem } from '../proactive/outbox';
import { PostedActivities } from '../proactive/posted-activities';
import { systemScheduler, type Scheduler } from '../proactive/scheduler';
import type { ProactiveSender } from '../proactive/sender';
import { DEFAULT_STORM, StormGrouper, type StormOptions } from '../proactive/storm';
import { Subscriptions } from '../proactive/subscriptions';
import { JobRunner } from '../storage/job-runner';
import type { KeyValueStore } from '../storage/store';
import { WorkQueue } from '../storage/work-queue';
import { alertRoute } from '../hosting/alerts-route';
import { IncidentMessages } from '../hosting/incident-messages';
import { storageReadiness } from '../hosting/readiness';
import type { ReadinessCheck, RouteRegistration } from '../hosting/server';
import { BotFrameworkSender, createProactiveAdapter } from '../hosting/proactive-sender';

export interface AlertingOptions {
  readonly store: KeyValueStore;
  /** Bot identity for proactive sends (a middleware-free adapter is made from it). */
  readonly bot: AppConfig['bot'];
  readonly renderer: CardRenderer;
  readonly logger: Logger;
  /** The provider the conversation asks too: logs, hub → workspace directory, clock. */
  readonly logs: LogsContextProvider;
  readonly clock: () => Date;
  readonly scheduler?: Pick<Scheduler, 'now' | 'sleep'>;
  readonly secret?: string;
  /** Secure webhook: validates the action group's Entra ID bearer token. */
  readonly bearer?: (authorizationHeader: string) => Promise<TokenCheck>;
  readonly sender?: ProactiveSender;
  readonly storm?: StormOptions;
  readonly pollInMs?: number;
  /** Renders the outbox's `watch` subjects (compose/live.ts); the incident messages render the rest. */
  readonly watchMessages?: MessageSource;
  /** Development: the hub the "Send a demo alert" button posts about (absent: no demo alerts). */
  readonly demoHubResourceId?: string;
}

/** Everything alert-related, built and wired once; the composition root starts and stops it. */
export interface Alerting {
  readonly intake: AlertIntake;
  /** What the incident verbs act on (the conversation's alert services). */
  readonly desk: IncidentDesk;
  readonly subscriptions: Subscriptions;
  /** Development only: demo alerts through the real intake (the help card's button). */
  readonly demo?: DemoAlerts;
  /** Where proactive delivery may go (the bot's conversation tracker keeps it). */
  readonly directory: ConversationDirectory;
  /** Registers POST /api/alerts (only when a secret is configured). */
  readonly routes: readonly RouteRegistration[];
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
  const scheduler = options.scheduler ?? systemScheduler;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const incidents = new IncidentStore(store);
  const directory = new ConversationDirectory(store);
  const subscriptions = new Subscriptions(store);
  const posted = new PostedActivities(store);
  const storm = new StormGrouper(store, options.storm ?? DEFAULT_STORM);
  const outbox = new Outbox({
    queue: new WorkQueue<OutboxItem>(store, { name: 'outbox', now: () => scheduler.now() }),
    sender: options.sender ?? new BotFrameworkSender(createProactiveAdapter(options.bot), options.bot.appId),
    source: bySubject(
      new IncidentMessages(incidents, storm, options.renderer, options.clock, subscriptions),
      options.watchMessages,
    ),
    directory,
    subscriptions,
    posted,
    scheduler,
    logger,
    workerId,
    report: incidentDeliveryReport(incidents, options.clock),
    ...(options.pollInMs ? { pollInMs: options.pollInMs } : {}),
  });
  const fanout = new IncidentFanout(store, subscriptions, storm, outbox, () => scheduler.now());
  const diagnosisDeps = { logs: options.logs, now: options.clock };
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
    handle: (job) => processor.handle(job),
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
    diagnosis: diagnosisDeps,
  });
  return {
    intake,
    desk,
    subscriptions,
    ...(options.demoHubResourceId
      ? { demo: demoAlertsThrough(intake, options.demoHubResourceId, options.clock) }
      : {}),
    directory,
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
    readiness: storageReadiness(store),
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
      await alertRunner.drain();
      await outbox.drain();
    },
  };
}

/** One outbox, two kinds of message: watch notices to their renderer, everything else to the incidents'. */
function bySubject(incidents: MessageSource, watches: MessageSource | undefined): MessageSource {
  return {
    render: (subject, conversationKey) =>
      subject.kind === 'watch'
        ? (watches?.render(subject, conversationKey) ?? Promise.resolve(undefined))
        : incidents.render(subject, conversationKey),
  };
}

/**
 * Delivery outcomes written on the incident: its first posted card marks it delivered; a message
 * dropped because its conversation is gone marks it undelivered unless some conversation has it.
 * Digests are not tracked per incident.
 */
function incidentDeliveryReport(incidents: IncidentStore, clock: () => Date): DeliveryReport {
  return {
    delivered: async (subject) => {
      if (subject.kind !== 'incident') return;
      await incidents.update(subject.incidentId, (current) => markDelivered(current, clock().toISOString()));
    },
    dropped: async (subject) => {
      if (subject.kind !== 'incident') return;
      await incidents.update(subject.incidentId, (current) =>
        markUndelivered(current, 'conversation-gone', clock().toISOString()),
      );
    },
  };
}
