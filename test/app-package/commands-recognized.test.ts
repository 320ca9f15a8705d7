import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recognize } from '../../src/conversation/recognizer';
import { parseUtterance } from '../../src/conversation/utterance';
import { VERB_REGISTRY } from '../../src/conversation/verb-table';

const VERB_TABLE = VERB_REGISTRY.verbs;
import { parseSubscribe } from '../../src/proactive/subscription-commands';

/**
 * A command in the Teams command menu is inserted into the compose box as its title: the bot must
 * understand every title (with its placeholder filled in), in English and in Korean.
 */
const APP_PACKAGE_DIR = path.resolve(__dirname, '..', '..', 'appPackage');

interface Command {
  readonly title: string;
}
const manifest = JSON.parse(readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8')) as {
  bots: { commandLists: { commands: Command[] }[] }[];
};
const korean = JSON.parse(readFileSync(path.join(APP_PACKAGE_DIR, 'ko-kr.json'), 'utf8')) as Record<
  string,
  string
>;

const commands = manifest.bots[0]?.commandLists[0]?.commands ?? [];
const titles = commands.map((command, i) => ({
  en: command.title,
  ko: korean[`bots[0].commandLists[0].commands[${i}].title`] ?? '',
}));

/** What a user types in place of the placeholder. */
function filled(title: string): string {
  return title.replace(/<(?:id|device id|장치 id)>/, 'thermostat-0042').replace(/<(?:code|코드)>/, '401003');
}

const EXPECTED_VERB: Readonly<Record<string, string>> = {
  'why did device <id> disconnect': 'diagnose',
  'status <device id>': 'status',
  'hub errors': 'hub-errors',
  'top disconnects': 'top-disconnects',
  'dps errors': 'dps-errors',
  'explain <code>': 'explain',
  'language ko': 'language',
  help: 'help',
  'subscribe alerts': 'subscribe',
  incidents: 'incidents',
};

/** Alert subscriptions and incidents are verbs of the registry too, typed with the same English keywords in both languages. */
const INCIDENT_TURN_COMMANDS = ['subscribe alerts', 'incidents'];

function verbOf(text: string): string {
  const utterance = parseUtterance(text, { now: new Date('2026-03-02T12:00:00Z'), timeZone: 'Asia/Seoul' });
  const recognition = recognize(utterance, VERB_TABLE);
  return recognition.kind === 'command' ? recognition.command.verb : recognition.kind;
}

test('every menu command is either checked here or known to be pending', () => {
  expect(titles.map((t) => t.en).sort()).toEqual(Object.keys(EXPECTED_VERB).sort());
});

test.each(titles.filter((t) => t.en in EXPECTED_VERB))('"$en" / "$ko" runs the right verb', ({ en, ko }) => {
  const expected = EXPECTED_VERB[en];
  expect([verbOf(filled(en)), verbOf(filled(ko))]).toEqual([expected, expected]);
});

test('subscribe alerts and incidents: the same English keywords in both languages', () => {
  for (const title of titles.filter((t) => INCIDENT_TURN_COMMANDS.includes(t.en))) {
    expect(title.ko).toBe(title.en);
  }
  expect(parseSubscribe('alerts')).toEqual({ kind: 'ok', filters: {} });
});
