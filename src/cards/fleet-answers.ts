/**
 * The fleet answers as the fleet cards take them: exactly what `hubErrorBreakdown`,
 * `topDisconnectingDevices`, `dpsFailures` and `dpsMetrics` return, named so handlers and cards
 * agree without repeating the intersection types.
 */
import type {
  DisconnectingDeviceRow,
  DpsFailureRow,
  DpsMetricPoint,
  DpsMetricTotal,
  FleetAnswer,
  HubErrorRow,
  HubErrorTrendPoint,
  TokenRenewals,
} from '../diagnosis';

export type HubErrorsAnswer = FleetAnswer<HubErrorRow> & {
  readonly trend: readonly HubErrorTrendPoint[];
  readonly binMinutes: number;
  readonly renewals: TokenRenewals;
};

export type TopDevicesAnswer = FleetAnswer<DisconnectingDeviceRow> & { readonly renewals: TokenRenewals };

export type DpsFailuresAnswer = FleetAnswer<DpsFailureRow>;

export type DpsMetricsAnswer = FleetAnswer<DpsMetricPoint> & {
  readonly totals: readonly DpsMetricTotal[];
  readonly binMinutes: number;
};

/** What the fleet question was scoped to, for the card's title and its buttons. */
export interface FleetCardScope {
  readonly hub?: string;
  readonly dps?: string;
}
