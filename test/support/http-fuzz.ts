import fc from 'fast-check';

/**
 * The one fuzz harness for the bot's HTTP routes (/api/messages, /api/alerts, /api/events): post
 * bodies to a real server on 127.0.0.1, count the statuses, and check a property over generated
 * bodies. Each suite brings its own valid payload and mutations; what every route must survive
 * (arbitrary JSON, broken JSON, other content types, huge and deeply nested bodies) lives here.
 */
export interface FuzzedRoute {
  /** POSTs `body` and answers the status; the response body is drained. */
  send(body: string, contentType?: string): Promise<number>;
  /** How many answers of each status the route gave so far. */
  readonly statuses: ReadonlyMap<number, number>;
}

/** `url()` is read per request, so a suite may create the route before its server listens. */
export function fuzzedRoute(url: () => string): FuzzedRoute {
  const statuses = new Map<number, number>();
  return {
    statuses,
    async send(body, contentType = 'application/json') {
      const response = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return response.status;
    },
  };
}

/** Any JSON value as text, or any string (mostly not JSON). */
export const arbitraryBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
  fc.string(),
);

/** Whether a status is in `[low, high)`, e.g. `[200, 500)`: never a 5xx. */
export function statusIn(low: number, high: number): (status: number) => boolean {
  return (status) => status >= low && status < high;
}

/** Every generated body gets a status the predicate accepts. */
export async function everyAnswer(
  route: FuzzedRoute,
  bodies: fc.Arbitrary<string>,
  accepted: (status: number) => boolean,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => accepted(await route.send(body))),
    { numRuns },
  );
}

/** Bodies of other content types: each must get 415 before anything parses it. */
export const NON_JSON_BODIES: readonly (readonly [contentType: string, body: string])[] = [
  ['text/plain', 'help'],
  ['application/x-www-form-urlencoded', 'type=message&text=help'],
  [
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n',
  ],
  ['application/xml', '<activity/>'],
];

/** `depth` nested arrays: a parser that recurses per level overflows its stack on this. */
export function deepJson(depth = 50_000): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `payload` with `field` replaced by {@link deepJson}, as request text. */
export function withDeepField(payload: object, field: string): string {
  return JSON.stringify({ ...payload, [field]: '__DEEP__' }).replace('"__DEEP__"', deepJson());
}
