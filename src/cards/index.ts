/**
 * Cards: domain data in, a platform-neutral {@link CardRequest} out (template name + localized
 * data), rendered later by {@link CardRenderer} from the templates in the top-level `cards/`.
 * Nothing here builds cards inside diagnosis or knows about Teams' SDK: hosting renders and sends.
 *
 *   Diagnosis ──▶ diagnosisCard / deviceStatusCard ─┐
 *   FleetAnswer ─▶ hubErrorsCard / topDevicesCard /  ├─▶ CardRequest ──▶ CardRenderer.renderRequest ──▶ Adaptive Card JSON
 *                  dpsSummaryCard                    │
 *   CodeEntry ───▶ explainCodeCard                   │
 *   (no rows) ───▶ noDataCard · errorCard · choiceCard ┘
 *
 * Every button that calls the bot is an Action.Execute whose `data` is a {@link CardActionData}
 * (with an Action.Submit fallback carrying the same data).
 */
export type { CardActionData } from './card-actions';
export { actionVerb } from './card-actions';
export type { CardButton } from './card-button';
export { cardButton } from './card-button';
export type { CardContext } from './card-context';
export type { CardDataByTemplate, CardRequest, CardTemplateName, Locale } from './card-data';
export { CardRenderer, CardRenderError, DEFAULT_TEMPLATES_DIR, type AdaptiveCardJson } from './render';
export { formatInstant, formatWindow, resolveTimeZone, zoneLabel } from './card-time';

export type {
  DpsFailuresAnswer,
  DpsMetricsAnswer,
  FleetCardScope,
  HubErrorsAnswer,
  TopDevicesAnswer,
} from './fleet-answers';

export { diagnosisCard, type DiagnosisCardData } from './diagnosis-card';
export { deviceStatusCard, type DeviceStatusCardData } from './device-status-card';
export { hubErrorsCard, type HubErrorsCardData } from './hub-errors-card';
export { topDevicesCard, type TopDevicesCardData } from './top-devices-card';
export { fleetHealthCard, type FleetHealthCardData } from './fleet-health-card';
export {
  queryResultCard,
  pageOf,
  PAGE_ROWS,
  type QueryResultCardData,
  type QueryResultInput,
  type RenderKind,
} from './query-result-card';
export { recentEventsCard, type RecentEventsCardData } from './recent-events-card';
export { dpsSummaryCard, type DpsSummaryCardData } from './dps-summary-card';
export { explainCodeCard, type ExplainCodeCardData } from './explain-code-card';
export {
  noDataCard,
  noDataInputFromDiagnosis,
  type NoDataCardData,
  type NoDataCardInput,
} from './no-data-card';
export { errorCard, type ErrorCardData, type ErrorCardInput } from './error-card';
export { choiceCard, type ChoiceCardData, type ChoiceCardInput } from './choice-card';
export { helpCardData, welcomeCardData, type HelpCardOptions } from './help-card';
