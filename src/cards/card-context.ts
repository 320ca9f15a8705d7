import type { QueryLinks } from '../diagnosis';
import type { Locale } from './card-data';

/**
 * Who the card is for and where it may link: the mappers need the reader's language and time zone
 * (times are shown in it, and the zone is named), the clock (for "3 min ago"), and — only when the
 * logs backend has a UI to open queries in — where "Open in …" should point.
 */
export interface CardContext {
  readonly locale: Locale;
  /** IANA time zone name, e.g. `Asia/Seoul`; `UTC` when the user's zone is unknown. */
  readonly timeZone: string;
  readonly now: Date;
  /** The backend's deep links (its description's `links`): absent for the embedded engine. */
  readonly queryLinks?: QueryLinks | undefined;
}
