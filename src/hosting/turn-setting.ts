import type { Activity } from 'botbuilder';
import type { Locale } from '../cards/card-data';
import { localeFromActivity } from './locale';

/**
 * The user's time zone as Teams reports it: `activity.localTimezone`, or the `clientInfo` entity's
 * `timezone`. UTC when neither is there (the cards then say "UTC").
 */
export function timeZoneOf(activity: Partial<Activity>): string {
  if (typeof activity.localTimezone === 'string' && activity.localTimezone !== '')
    return activity.localTimezone;
  for (const entity of activity.entities ?? []) {
    const timezone: unknown = (entity as { timezone?: unknown }).timezone;
    if (entity.type === 'clientInfo' && typeof timezone === 'string' && timezone !== '') return timezone;
  }
  return 'UTC';
}

/**
 * The language to answer in: the user's own choice ("language ko") first; then a question written
 * in Hangul (a Korean engineer on an English Teams client still wants a Korean answer); then the
 * Teams client locale.
 */
export function answerLocale(activity: Partial<Activity>, userChoice: Locale | undefined): Locale {
  return userChoice ?? (HANGUL.test(activity.text ?? '') ? 'ko' : localeFromActivity(activity.locale));
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;
