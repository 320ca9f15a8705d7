import type { Role } from './roles';

/**
 * Everything a user can ask the bot to do, by the role it needs. Typed commands and card buttons
 * map to these, so a button can never do more than the typed command it stands for.
 */
export const REQUIRED_ROLE = {
  ask: 'reader',
  acknowledge: 'responder',
  assign: 'responder',
  snooze: 'responder',
  rediagnose: 'responder',
  resolve: 'responder',
  subscribe: 'admin',
  unsubscribe: 'admin',
} as const satisfies Record<string, Role>;

export type ProtectedAction = keyof typeof REQUIRED_ROLE;

/** Actions that change state and therefore go to the audit log. */
export function changesState(action: ProtectedAction): boolean {
  return action !== 'ask';
}

// Commands that change something: card button `cmd`s (cards/card-actions.ts) and the first word
// of typed incident/subscription commands (hosting/incident-turns.ts). Every other command only
// reads (`incident <id>`, `incidents`, `subscriptions`, diagnoses) and needs the reader role.
const CARD_COMMAND_ACTIONS: Readonly<Record<string, ProtectedAction>> = {
  ack: 'acknowledge',
  'assign-me': 'assign',
  assign: 'assign',
  snooze: 'snooze',
  rediagnose: 'rediagnose',
  resolve: 'resolve',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
};

/**
 * The action a command (a typed verb or a card button's `cmd`) stands for. The name comes from the
 * client and is untrusted: an unknown name maps to `ask` only because the caller then fails to
 * find a handler for it; it never gains a role.
 */
export function actionForCommand(command: string): ProtectedAction {
  return Object.hasOwn(CARD_COMMAND_ACTIONS, command) ? (CARD_COMMAND_ACTIONS[command] ?? 'ask') : 'ask';
}
