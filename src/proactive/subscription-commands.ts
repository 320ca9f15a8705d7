import { SEVERITY_LEVELS, type SeverityLevel, type Subscription } from './subscriptions';

/** `subscribe alerts [for hub H] [severity Sev0..Sev4] [resource R]`, parsed; or what is wrong with it. */
export type SubscribeParse =
  | { readonly kind: 'ok'; readonly filters: Pick<Subscription, 'hub' | 'minSeverity' | 'resource'> }
  | { readonly kind: 'usage'; readonly message: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const SUBSCRIBE_USAGE =
  'Usage: subscribe alerts [for hub <name>] [severity Sev0..Sev4] [resource <text>] — e.g. "subscribe alerts for hub contoso-hub severity Sev2"';

/** Arguments after `subscribe alerts` (or `subscribe`). */
export function parseSubscribe(args: string): SubscribeParse {
  const words = args
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words[0]?.toLowerCase() === 'alerts') words.shift();
  let hub: string | undefined;
  let minSeverity: SeverityLevel | undefined;
  let resource: string | undefined;
  while (words.length > 0) {
    let word = (words.shift() as string).toLowerCase();
    // "for hub X" and "hub X" mean the same; "for X" too.
    if (word === 'for' && ['hub', 'dps'].includes(words[0]?.toLowerCase() ?? ''))
      word = (words.shift() as string).toLowerCase();
    const value = words.shift();
    if (value === undefined) return { kind: 'usage', message: SUBSCRIBE_USAGE };
    if (word === 'for' || word === 'hub' || word === 'dps') {
      hub = value;
    } else if (word === 'severity' || word === 'sev') {
      const level = SEVERITY_LEVELS.find(
        (s) => s.toLowerCase() === value.toLowerCase() || s.slice(3) === value,
      );
      if (!level) {
        return {
          kind: 'usage',
          message: `Severity must be one of ${SEVERITY_LEVELS.join(', ')}. ${SUBSCRIBE_USAGE}`,
        };
      }
      minSeverity = level;
    } else if (word === 'resource') {
      resource = value;
    } else {
      return { kind: 'usage', message: `I didn't understand "${word}". ${SUBSCRIBE_USAGE}` };
    }
  }
  for (const [what, v] of [
    ['hub', hub],
    ['resource', resource],
  ] as const) {
    if (v !== undefined && !NAME.test(v)) {
      return { kind: 'usage', message: `The ${what} name may use letters, digits, '.', '_' and '-' only.` };
    }
  }
  return {
    kind: 'ok',
    filters: {
      ...(hub ? { hub } : {}),
      ...(minSeverity ? { minSeverity } : {}),
      ...(resource ? { resource } : {}),
    },
  };
}

/** One line describing a subscription's filters. */
export function describeSubscription(s: Pick<Subscription, 'hub' | 'minSeverity' | 'resource'>): string {
  const parts = [
    s.hub ? `hub ${s.hub}` : 'every hub and DPS',
    s.minSeverity ? `severity ${s.minSeverity} or worse` : 'every severity',
    ...(s.resource ? [`resources matching "${s.resource}"`] : []),
  ];
  return parts.join(', ');
}
