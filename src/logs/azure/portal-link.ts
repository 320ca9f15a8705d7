import { gzipSync } from 'node:zlib';
import type { IsoWindow } from '../backend';

/** What a portal link opens: a Log Analytics workspace or an Azure resource, by ARM id. */
export interface PortalLinkTarget {
  /** `/subscriptions/…/providers/Microsoft.OperationalInsights/workspaces/…`, or a hub's ARM id. */
  readonly resourceId: string;
  readonly tenantId?: string;
}

/**
 * The Azure portal link that opens `kql` in Log Analytics over `window`, so the engineer sees the
 * same rows the bot saw. The portal takes the query gzip-compressed and base64-encoded in the URL
 * path (limits-and-protocols.md, "Log Analytics deep link"); the time span is `start/end` in ISO.
 */
export function logAnalyticsPortalLink(kql: string, window: IsoWindow, target: PortalLinkTarget): string {
  const tenant = target.tenantId ? `@${encodeURIComponent(target.tenantId)}/` : '';
  const query = encodeURIComponent(gzipSync(Buffer.from(kql, 'utf8')).toString('base64'));
  const resource = encodeURIComponent(target.resourceId);
  const timespan = encodeURIComponent(`${window.start}/${window.end}`);
  return (
    `https://portal.azure.com/#${tenant}blade/Microsoft_Azure_Monitoring_Logs/LogsBlade` +
    `/resourceId/${resource}/source/LogsBlade.AnalyticsShareLinkToQuery/q/${query}/timespan/${timespan}`
  );
}
