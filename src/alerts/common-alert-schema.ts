import { z } from 'zod';
import { ALERT_SEVERITIES, resourceFromId, type AlertDimension, type MonitorAlert } from './monitor-alert';

/**
 * Parses Azure Monitor's common alert schema (the only payload we accept) into a MonitorAlert.
 *
 * Documented shape: `{schemaId: "azureMonitorCommonAlertSchema", data: {essentials, alertContext,
 * customProperties}}`. Only the essentials the bot relies on are required; the alert context is
 * read defensively (each signal type has its own, and Azure adds fields over time).
 */

export const COMMON_SCHEMA_ID = 'azureMonitorCommonAlertSchema';

/** The body is not something we can take; the message is safe to return (it names the field). */
export class AlertPayloadError extends Error {
  override readonly name = 'AlertPayloadError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time');

const essentialsSchema = z.object({
  alertId: z.string().min(1),
  alertRule: z.string().min(1),
  severity: z.enum(ALERT_SEVERITIES),
  signalType: z.enum(['Metric', 'Log', 'Activity Log']),
  monitorCondition: z.enum(['Fired', 'Resolved']),
  monitoringService: z.string().nullish(),
  alertTargetIDs: z.array(z.string()).default([]),
  configurationItems: z.array(z.string()).nullish(),
  firedDateTime: isoInstant,
  resolvedDateTime: isoInstant.nullish(),
  description: z.string().nullish(),
});

const dimensionSchema = z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) });

const conditionPartSchema = z
  .object({
    metricName: z.string().nullish(),
    operator: z.string().nullish(),
    threshold: z.union([z.string(), z.number()]).nullish(),
    metricValue: z.union([z.number(), z.string()]).nullish(),
    timeAggregation: z.string().nullish(),
    searchQuery: z.string().nullish(),
    dimensions: z.array(dimensionSchema).nullish(),
    linkToSearchResultsUI: z.string().nullish(),
    linkToFilteredSearchResultsUI: z.string().nullish(),
  })
  .passthrough();

const alertContextSchema = z
  .object({
    conditionType: z.string().nullish(),
    condition: z
      .object({
        windowSize: z.string().nullish(),
        allOf: z.array(conditionPartSchema).nullish(),
        windowStartTime: isoInstant.nullish(),
        windowEndTime: isoInstant.nullish(),
      })
      .passthrough()
      .nullish(),
    operationName: z.string().nullish(),
    caller: z.string().nullish(),
  })
  .passthrough();

const payloadSchema = z.object({
  schemaId: z.literal(COMMON_SCHEMA_ID),
  data: z.object({
    essentials: essentialsSchema,
    alertContext: alertContextSchema.nullish(),
    customProperties: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** Default look-back when an alert carries no window (activity log alerts). */
const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** Validate and normalize; throws AlertPayloadError naming the first bad field. */
export function parseCommonAlert(body: unknown): MonitorAlert {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AlertPayloadError(
      'The body must be a JSON object (an Azure Monitor common alert schema payload).',
    );
  }
  const schemaId = (body as { schemaId?: unknown }).schemaId;
  if (schemaId !== COMMON_SCHEMA_ID) {
    throw new AlertPayloadError(
      `This is not the common alert schema (schemaId is ${schemaId === undefined ? 'missing' : JSON.stringify(schemaId)}). ` +
        'Turn on "Enable the common alert schema" for this webhook in the action group.',
      'schemaId',
    );
  }
  const parsed = payloadSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.join('.') : '';
    throw new AlertPayloadError(`${field || 'body'}: ${issue?.message ?? 'invalid'}`, field);
  }
  const { essentials, alertContext } = parsed.data.data;
  const parts = alertContext?.condition?.allOf ?? [];
  const first = parts[0];
  const dimensions: AlertDimension[] = parts.flatMap((part) =>
    (part.dimensions ?? []).map((d) => ({ name: d.name, value: String(d.value) })),
  );
  const target = essentials.alertTargetIDs[0];
  const resource = target ? resourceFromId(target) : undefined;
  const firedAt = new Date(essentials.firedDateTime).toISOString();
  const windowEnd = alertContext?.condition?.windowEndTime ?? essentials.firedDateTime;
  const windowStart =
    alertContext?.condition?.windowStartTime ??
    new Date(Date.parse(windowEnd) - DEFAULT_WINDOW_MS).toISOString();
  const resultsLink = safePortalLink(first?.linkToFilteredSearchResultsUI ?? first?.linkToSearchResultsUI);

  return {
    alertId: essentials.alertId,
    rule: essentials.alertRule,
    severity: essentials.severity,
    signalType: essentials.signalType,
    monitorCondition: essentials.monitorCondition,
    ...(essentials.monitoringService ? { monitoringService: essentials.monitoringService } : {}),
    ...(essentials.description ? { description: essentials.description } : {}),
    firedAt,
    ...(essentials.resolvedDateTime
      ? { resolvedAt: new Date(essentials.resolvedDateTime).toISOString() }
      : {}),
    ...(resource ? { resource } : {}),
    targets: essentials.alertTargetIDs,
    ...conditionSummaryOf(parts),
    dimensions,
    ...(first?.searchQuery ? { searchQuery: first.searchQuery } : {}),
    window: { start: new Date(windowStart).toISOString(), end: new Date(windowEnd).toISOString() },
    alertLink: `https://portal.azure.com/#view/Microsoft_Azure_Monitoring_Alerts/AlertDetails.ReactView/alertId~/${encodeURIComponent(essentials.alertId)}`,
    ...(resultsLink ? { resultsLink } : {}),
    ...(alertContext?.operationName ? { operation: alertContext.operationName } : {}),
  };
}

function conditionSummaryOf(parts: readonly z.infer<typeof conditionPartSchema>[]): {
  conditionSummary?: string;
} {
  const lines = parts.map((part) => {
    const what = part.metricName ?? (part.searchQuery ? 'Log query results' : 'Condition');
    const aggregation = part.timeAggregation ? ` (${part.timeAggregation})` : '';
    const value =
      part.metricValue === null || part.metricValue === undefined ? '' : ` = ${String(part.metricValue)}`;
    const threshold =
      part.operator && part.threshold !== null && part.threshold !== undefined
        ? `, ${part.operator} ${String(part.threshold)}`
        : '';
    return `${what}${aggregation}${value}${threshold}`;
  });
  return lines.length > 0 ? { conditionSummary: lines.join('; ') } : {};
}

/**
 * Links come from the webhook body, i.e. from whoever can reach the endpoint: only https links to
 * the Azure portal go on a card (no javascript:, no look-alike hosts).
 */
export function safePortalLink(link: string | null | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    const host = url.hostname.toLowerCase();
    if (url.protocol !== 'https:') return undefined;
    if (host !== 'portal.azure.com' && host !== 'ms.portal.azure.com' && host !== 'portal.azure.us')
      return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}
