/**
 * The finding ids: a contract shared by the diagnosis JSON, the cards and the tests
 * (../shared/reference/findings.md). Written out as a literal tuple so that the
 * compiler rejects a misspelled id anywhere in the code base. Never rename an id;
 * add new ones in the same `source.code.slug` style.
 */
export const FINDING_IDS = [
  'iothub.401003.token-renewal',
  'iothub.401003.auth-header-missing',
  'iothub.401003.device-not-in-hub',
  'iothub.401003.rule-denied',
  'iothub.401003.credentials-expired',
  'iothub.401003.thumbprint-mismatch',
  'iothub.401003.principal-not-authorized',
  'iothub.401003.unexplained',
  'iothub.404104.closed-remotely',
  'iothub.404104.periodic',
  'iothub.reconnect.token-lifetime',
  'iothub.400029.service-upgrade',
  'iothub.400027.duplicate-connection',
  'iothub.403002.quota-exceeded',
  'iothub.403001.hub-suspended',
  'iothub.403004.c2d-queue-full',
  'iothub.403005.cbs-token-limit',
  'iothub.403006.file-upload-limit',
  'iothub.403012.device-disabled',
  'iothub.404001.device-not-found',
  'iothub.404012.hub-failing-over',
  'iothub.404103.device-not-online',
  'iothub.409002.link-conflict',
  'iothub.412002.c2d-lock-lost',
  'iothub.429001.throttled',
  'iothub.500.transient',
  'iothub.flapping',
  'iothub.offline.no-reconnect',
  'iothub.healthy',
  'dps.400.bad-request',
  'dps.401.unauthorized',
  'dps.401.tpm-challenge',
  'dps.403.forbidden',
  'dps.404.not-found',
  'dps.405.method-not-allowed',
  'dps.409.conflict',
  'dps.412.etag-mismatch',
  'dps.415.unsupported-media-type',
  'dps.429.throttled',
  'dps.500.internal',
  'dps.assigned-not-connected',
  'fleet.mass-disconnect',
  'data.no-device-records',
  'data.no-diagnostics',
  'data.partial-results',
  'data.recent-window',
] as const;

/** One diagnosed situation the bot can report; see {@link FINDING_IDS}. */
export type FindingId = (typeof FINDING_IDS)[number];

const findingIdSet: ReadonlySet<string> = new Set(FINDING_IDS);

/** Narrows untrusted text (a card button payload, a JSON file) to a known finding id. */
export function isFindingId(value: string): value is FindingId {
  return findingIdSet.has(value);
}
