import type { Locale } from './card-data';

/**
 * Who the card is for and where it may link: the mappers need the reader's language and time zone
 * (times are shown in it, and the zone is named), the clock (for "3 min ago"), and — only when a
 * Log Analytics workspace is configured — where "Open in Log Analytics" should point.
 */
export interface CardContext {
  readonly locale: Locale;
  /** IANA time zone name, e.g. `Asia/Seoul`; `UTC` when the user's zone is unknown. */
  readonly timeZone: string;
  readonly now: Date;
  readonly logAnalytics?: {
    /** `/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…` */
    readonly workspaceResourceId: string;
    readonly tenantId?: string;
  };
}
