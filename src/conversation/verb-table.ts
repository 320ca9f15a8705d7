/**
 * Every verb the bot understands, in the order recognition asks them (first match wins: the
 * specific keyword verbs before the broad device question). The help card lists them in this
 * order too. A new verb is a file in `handlers/` and one line here.
 */
import { diagnoseVerb } from './handlers/diagnose';
import { dpsErrorsVerb } from './handlers/dps-errors';
import { explainVerb } from './handlers/explain';
import { helpVerb } from './handlers/help';
import { hubErrorsVerb } from './handlers/hub-errors';
import { languageVerb } from './handlers/language';
import { statusVerb } from './handlers/status';
import { topDisconnectsVerb } from './handlers/top-disconnects';
import type { AnyVerb } from './verbs';

/** Recognition order. */
export const VERB_TABLE: readonly AnyVerb[] = [
  languageVerb,
  helpVerb,
  explainVerb,
  topDisconnectsVerb,
  hubErrorsVerb,
  dpsErrorsVerb,
  statusVerb,
  diagnoseVerb,
];

/** The order the help card and the welcome card list verbs in: the everyday questions first. */
export const HELP_ORDER: readonly AnyVerb['verb'][] = [
  'diagnose',
  'status',
  'hub-errors',
  'top-disconnects',
  'dps-errors',
  'explain',
  'language',
  'help',
];
