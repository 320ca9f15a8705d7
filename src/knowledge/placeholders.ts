import { KnowledgeError } from './knowledge-error';

/**
 * The placeholders a finding summary may use, with what each one holds. The
 * detector that raises the finding supplies the values; the card fills them in.
 * Only `summary` texts carry placeholders: every other field is plain text, so a
 * card can never show an unexpanded `{name}` from them.
 */
export const SUMMARY_PLACEHOLDERS = {
  deviceId: 'device id the question is about',
  hub: 'IoT hub name',
  dps: 'Device Provisioning Service instance name',
  assignedHub: 'IoT hub DPS assigned the device to',
  count: 'number of log events that support the finding',
  deviceCount: 'number of devices affected by a fleet event',
  interval: 'typical time between recurring events, already formatted (e.g. "65 min")',
  window: 'the time window looked at, already formatted',
  lastConnect: 'time of the last successful connect, already formatted',
  since: 'time the device went offline (its last disconnect), already formatted',
  sdk: 'device SDK by name (e.g. "Node.js"), or the sdkVersion text when the family is unknown',
  errorMessage: 'the error text the service gave (e.g. a 401003 message), quoted as it is',
} as const;

/** A placeholder name allowed in a summary; see {@link SUMMARY_PLACEHOLDERS}. */
export type SummaryPlaceholder = keyof typeof SUMMARY_PLACEHOLDERS;

/** Values for placeholders; numbers are printed as they are. */
export type PlaceholderValues = Readonly<Partial<Record<SummaryPlaceholder, string | number>>>;

const placeholderPattern = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Whether `name` is one of the documented placeholders. */
export function isSummaryPlaceholder(name: string): name is SummaryPlaceholder {
  return Object.prototype.hasOwnProperty.call(SUMMARY_PLACEHOLDERS, name);
}

/** The placeholder names a text uses, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(placeholderPattern)) {
    const name = match[1];
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/**
 * Fills `{name}` placeholders. Throws {@link KnowledgeError} when a value is given
 * for a name that is not a documented placeholder (a typo) or when the text uses a
 * placeholder without a value: a half-filled sentence must not reach a card.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  for (const name of Object.keys(values)) {
    if (!isSummaryPlaceholder(name)) {
      throw new KnowledgeError(`Unknown placeholder "${name}"`, { placeholder: name });
    }
  }
  return text.replace(placeholderPattern, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      throw new KnowledgeError(`No value for placeholder "${name}"`, { placeholder: name, text });
    }
    return String(value);
  });
}

/**
 * The values a fix command may name, written `{hub-name}` in fixes (`az iot hub generate-sas-token
 * --hub-name {hub-name}`). Braces, not angle brackets: a Teams TextBlock reads `<hub-name>` as an
 * HTML tag and shows nothing. A card fills the ones it knows; the rest stay visible as `{name}`.
 */
export const COMMAND_PLACEHOLDERS = {
  'hub-name': 'IoT hub name',
  'device-id': 'device id',
  'dps-name': 'Device Provisioning Service instance name',
  'registration-id': 'DPS registration id',
  'enrollment-id': 'DPS individual enrollment id',
  'group-id': 'DPS enrollment group id',
  'hub-resource-id': 'Azure resource id of the IoT hub',
  'principal-id': 'object id of the identity to grant a role',
  'unit-count': 'number of hub units to choose',
} as const;

/** A placeholder name a fix command may use; see {@link COMMAND_PLACEHOLDERS}. */
export type CommandPlaceholder = keyof typeof COMMAND_PLACEHOLDERS;

const commandPlaceholderPattern = /\{([a-z]+(?:-[a-z]+)*)\}/g;

/**
 * Fills the `{hub-name}`-style placeholders of a fix with the values known for this answer. A name
 * without a value stays as it is (`{enrollment-id}`), which a reader sees and replaces.
 */
export function fillCommandPlaceholders(
  text: string,
  values: Readonly<Partial<Record<CommandPlaceholder, string>>>,
): string {
  return text.replace(commandPlaceholderPattern, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(COMMAND_PLACEHOLDERS, name)
      ? values[name as CommandPlaceholder]
      : undefined;
    return value !== undefined && value !== '' ? value : whole;
  });
}
