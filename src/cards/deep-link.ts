import { gzipSync } from 'node:zlib';

/** The workspace a deep link opens, from configuration. */
export interface LogAnalyticsTarget {
  readonly workspaceResourceId: string;
  readonly tenantId?: string;
}

/**
 * The Azure portal link that opens `kql` in Log Analytics over `window`, so the engineer sees the
 * same rows the bot saw. The portal takes the query gzip-compressed and base64-encoded in the URL
 * path (limits-and-protocols.md, "Log Analytics deep link"); the time span is `start/end` in ISO.
 */
export function logAnalyticsDeepLink(
  kql: string,
  window: { readonly start: string; readonly end: string },
  target: LogAnalyticsTarget,
): string {
  const tenant = target.tenantId ? `@${encodeURIComponent(target.tenantId)}/` : '';
  const query = encodeURIComponent(gzipSync(Buffer.from(kql, 'utf8')).toString('base64'));
  const resource = encodeURIComponent(target.workspaceResourceId);
  const timespan = encodeURIComponent(`${window.start}/${window.end}`);
  return (
    `https://portal.azure.com/#${tenant}blade/Microsoft_Azure_Monitoring_Logs/LogsBlade` +
    `/resourceId/${resource}/source/LogsBlade.AnalyticsShareLinkToQuery/q/${query}/timespan/${timespan}`
  );
}
