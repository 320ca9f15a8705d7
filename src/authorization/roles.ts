/**
 * Who may do what, in three nested roles. A responder can do everything a reader can, an admin
 * everything a responder can, so one check ("at least X") answers every question.
 *
 * - reader: ask questions (diagnose, status, fleet answers, explain a code)
 * - responder: act on alerts (acknowledge, assign, snooze, open an incident, resolve)
 * - admin: change what the bot does (subscribe a channel to alerts, change settings)
 */
export const ROLES = ['reader', 'responder', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** The setting that lists who holds each role, for messages that tell an admin what to change. */
export const ROLE_SETTING: Readonly<Record<Role, string>> = {
  reader: 'ROLE_READERS',
  responder: 'ROLE_RESPONDERS',
  admin: 'ROLE_ADMINS',
};

/** True when holding `held` is enough for something that needs `needed`. */
export function roleIncludes(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
