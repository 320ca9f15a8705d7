import type { Locale } from '../cards/card-data';

/** Teams sends `ko-KR`, `ko`, `en-US`…: anything Korean gets Korean cards, everything else English. */
export function localeFromActivity(activityLocale: string | undefined): Locale {
  return activityLocale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
