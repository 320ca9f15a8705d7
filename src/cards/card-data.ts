import type { ChoiceCardData } from './choice-card';
import type { DeviceStatusCardData } from './device-status-card';
import type { DiagnosisCardData } from './diagnosis-card';
import type { DpsSummaryCardData } from './dps-summary-card';
import type { ErrorCardData } from './error-card';
import type { ExplainCodeCardData } from './explain-code-card';
import type { HubErrorsCardData } from './hub-errors-card';
import type { IncidentCardData, IncidentDigestCardData } from './incident-card';
import type { WatchNoticeCardData } from './watch-notice-card';
import type { NoDataCardData } from './no-data-card';
import type { QueryResultCardData } from './query-result-card';
import type { RecentEventsCardData } from './recent-events-card';
import type { TopDevicesCardData } from './top-devices-card';
import type { FleetHealthCardData } from './fleet-health-card';

/**
 * The data each template in the top-level `cards/` folder expands. Card text is already localized
 * here (the mappers pick the language), so one template serves English and Korean.
 */

export interface HelpCommandData {
  readonly name: string;
  readonly description: string;
  readonly example: string;
}

export interface HelpCardData {
  readonly title: string;
  /** Shown above the list, e.g. "I didn't understand that"; empty for a plain `help`. */
  readonly notice: string;
  readonly intro: string;
  readonly tryLabel: string;
  readonly commands: readonly HelpCommandData[];
  readonly footer: string;
  /** The "Send a demo alert" button's title (development only); empty: no button. */
  readonly demoAlertLabel: string;
}

export interface WelcomeCardData {
  readonly title: string;
  readonly intro: string;
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly tryHeading: string;
  readonly examples: readonly { readonly label: string; readonly text: string }[];
}

/** Template name → the data it expands. Adding a template means adding a line here. */
export interface CardDataByTemplate {
  readonly help: HelpCardData;
  readonly welcome: WelcomeCardData;
  readonly diagnosis: DiagnosisCardData;
  readonly 'device-status': DeviceStatusCardData;
  readonly 'hub-errors': HubErrorsCardData;
  readonly 'top-devices': TopDevicesCardData;
  readonly 'fleet-health': FleetHealthCardData;
  readonly 'dps-summary': DpsSummaryCardData;
  readonly 'explain-code': ExplainCodeCardData;
  readonly 'no-data': NoDataCardData;
  readonly 'recent-events': RecentEventsCardData;
  readonly error: ErrorCardData;
  readonly choice: ChoiceCardData;
  readonly incident: IncidentCardData;
  readonly 'incident-digest': IncidentDigestCardData;
  readonly 'query-result': QueryResultCardData;
  readonly 'watch-notice': WatchNoticeCardData;
}

export type CardTemplateName = keyof CardDataByTemplate;

/** A card to send, before rendering: which template and its data. Platform-neutral. */
export type CardRequest = {
  [N in CardTemplateName]: { readonly template: N; readonly data: CardDataByTemplate[N] };
}[CardTemplateName];

/** Languages the cards are written in: the catalog's (one Locale type for the whole bot). */
export type { Locale } from '../knowledge/schema';
