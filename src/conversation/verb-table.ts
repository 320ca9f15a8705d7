/**
 * The bot's command registry: every verb a person can type or click, in the order recognition
 * asks them (first match wins: the alert commands, which start with their verb, then the specific
 * keyword questions, then the broad device question). The help card orders them by their help
 * rank. A new verb is a handler file in `handlers/` and one line here.
 */
import { subscribeVerb, subscriptionsVerb, unsubscribeVerb } from './handlers/alert-subscriptions';
import { demoAlertVerb } from './handlers/demo-alert';
import { diagnoseVerb } from './handlers/diagnose';
import { dpsErrorsVerb } from './handlers/dps-errors';
import { explainVerb } from './handlers/explain';
import { fleetHealthVerb } from './handlers/fleet-health';
import { helpVerb } from './handlers/help';
import { hubErrorsVerb } from './handlers/hub-errors';
import {
  ackVerb,
  assignMeVerb,
  assignVerb,
  incidentsVerb,
  incidentVerbDefinition,
  rediagnoseVerb,
  resolveVerb,
  snoozeVerb,
} from './handlers/incidents';
import { kqlVerb } from './handlers/kql';
import { languageVerb } from './handlers/language';
import { recentEventsVerb } from './handlers/recent-events';
import { timeZoneVerb } from './handlers/time-zone';
import { statusVerb } from './handlers/status';
import { topDisconnectsVerb } from './handlers/top-disconnects';
import { unwatchVerb, watchesVerb, watchVerb } from './handlers/watch';
import { CommandRegistry, type TextButtonData } from './registry';
import type { ButtonDataOfVerbs } from './verbs';

const VERBS = [
  // Starts with its word or a code fence: before every question, whose words a query may contain.
  kqlVerb,
  subscribeVerb,
  unsubscribeVerb,
  subscriptionsVerb,
  watchesVerb,
  unwatchVerb,
  watchVerb,
  incidentsVerb,
  ackVerb,
  assignVerb,
  assignMeVerb,
  snoozeVerb,
  resolveVerb,
  rediagnoseVerb,
  incidentVerbDefinition,
  demoAlertVerb,
  languageVerb,
  timeZoneVerb,
  helpVerb,
  explainVerb,
  fleetHealthVerb,
  recentEventsVerb,
  topDisconnectsVerb,
  hubErrorsVerb,
  dpsErrorsVerb,
  statusVerb,
  diagnoseVerb,
] as const;

/** What a card button may carry: one verb's checked button data, or a typed line to run again. */
export type ButtonData = ButtonDataOfVerbs<typeof VERBS> | TextButtonData;

/** The registry the bot runs with. */
export const VERB_REGISTRY = new CommandRegistry<ButtonData>(VERBS);
