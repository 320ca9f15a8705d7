import type { AnyCommand } from '../../src/conversation/command';
import type { ConversationMemory } from '../../src/conversation/memory';
import { recognize, type Recognition } from '../../src/conversation/recognizer';
import { parseUtterance } from '../../src/conversation/utterance';
import { VERB_REGISTRY } from '../../src/conversation/verb-table';

const VERB_TABLE = VERB_REGISTRY.verbs;

const now = new Date('2026-03-02T10:30:00Z');
const day = { start: '2026-03-01T10:30:00.000Z', end: '2026-03-02T10:30:00.000Z' };

function understand(text: string, memory?: ConversationMemory, timeZone = 'UTC'): Recognition {
  return recognize(parseUtterance(text, { now, timeZone, ...(memory ? { memory } : {}) }), VERB_TABLE);
}

function commandOf(text: string, memory?: ConversationMemory, timeZone?: string): AnyCommand | string {
  const recognition = understand(text, memory, timeZone);
  return recognition.kind === 'command' ? recognition.command : recognition.kind;
}

describe('recognizer: every verb, in English and Korean', () => {
  it.each([
    ['why did device thermostat-0042 disconnect?'],
    ['what happened to thermostat-0042?'],
    ['thermostat-0042 keeps dropping'],
    ['diagnose thermostat-0042'],
    ['thermostat-0042 장치 연결이 왜 끊겼어?'],
    ['장치 thermostat-0042가 왜 끊겼어'],
    ['thermostat-0042'],
  ])('diagnose: %s', (text) => {
    expect(commandOf(text)).toEqual({ verb: 'diagnose', deviceId: 'thermostat-0042', window: day });
  });

  it('diagnose with a day: "what happened to X yesterday", "X 어제 무슨 일 있었어?"', () => {
    const yesterday = { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' };
    expect(commandOf('what happened to thermostat-0042 yesterday')).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      window: yesterday,
    });
    expect(commandOf('thermostat-0042 어제 무슨 일 있었어?')).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      window: yesterday,
    });
  });

  it('takes quoted ids exactly (the apostrophe is a legal device id character)', () => {
    expect(commandOf(`why did device "door-sensor'b" disconnect?`)).toMatchObject({
      deviceId: "door-sensor'b",
    });
  });

  it('reads a hub and a registration id', () => {
    expect(commandOf('why did pump-station-4 in hub CONTOSO-FLEET-HUB disconnect')).toEqual({
      verb: 'diagnose',
      deviceId: 'pump-station-4',
      hub: 'CONTOSO-FLEET-HUB',
      window: day,
    });
    expect(commandOf('diagnose device meter-7 registration id meter-7-reg')).toMatchObject({
      deviceId: 'meter-7',
      registrationId: 'meter-7-reg',
    });
  });

  it.each([
    ['status thermostat-0042', 'status'],
    ['is thermostat-0042 online?', 'status'],
    ['thermostat-0042 상태', 'status'],
    ['hub errors in the last 24 hours', 'hub-errors'],
    ['errors on hub CONTOSO-FLEET-HUB', 'hub-errors'],
    ['지난 24시간 허브 오류', 'hub-errors'],
    ['which devices disconnect the most?', 'top-disconnects'],
    ['top disconnects', 'top-disconnects'],
    ['오늘 가장 많이 끊긴 장치', 'top-disconnects'],
    ['dps errors since yesterday', 'dps-errors'],
    ['DPS metrics', 'dps-errors'],
    ['어제부터 DPS 오류', 'dps-errors'],
    ['explain 401003', 'explain'],
    ['what does 404104 mean?', 'explain'],
    ['401003 뜻', 'explain'],
    ['help', 'help'],
    ['도움말', 'help'],
    ['language ko', 'language'],
    ['한국어로', 'language'],
  ])('%s → %s', (text, verb) => {
    expect(commandOf(text)).toMatchObject({ verb });
  });

  it('reads the explain code, the language and the hub exactly', () => {
    expect(commandOf('explain IoTHubUnauthorized')).toEqual({ verb: 'explain', code: 'IoTHubUnauthorized' });
    expect(commandOf('explain dps 404')).toEqual({ verb: 'explain', code: 'dps 404' });
    expect(commandOf('language en')).toEqual({ verb: 'language', locale: 'en' });
    expect(commandOf('영어로 답해줘')).toEqual({ verb: 'language', locale: 'en' });
    expect(commandOf('errors on hub CONTOSO-FLEET-HUB last 2 hours')).toEqual({
      verb: 'hub-errors',
      hub: 'CONTOSO-FLEET-HUB',
      window: { start: '2026-03-02T08:30:00.000Z', end: now.toISOString() },
    });
  });

  it('names the allowed characters for a mistyped device id instead of guessing', () => {
    const recognition = understand('why did device thermo/stat disconnect?');
    expect(recognition.kind).toBe('invalid');
    if (recognition.kind !== 'invalid') return;
    expect(recognition.error.message).toContain('"thermo/stat" is not a valid device id');
    expect(recognition.error.message).toContain(
      'ASCII letters, digits and - : . + % _ # * ? ! ( ) , = @ ; $',
    );
    expect(understand('status of device "my device"').kind).toBe('invalid');
  });

  it('asks which device when a device question names none', () => {
    const recognition = understand('why did it disconnect?');
    expect(recognition).toMatchObject({ kind: 'usage' });
  });

  it('does not understand nonsense, and suggests the closest verbs for a typo', () => {
    expect(understand('make me a sandwich')).toEqual({ kind: 'not-understood', closest: [] });
    const typo = understand('hub eror');
    expect(typo.kind === 'not-understood' && typo.closest[0]).toBe('hub-errors');
    const another = understand('explian');
    expect(another.kind === 'not-understood' && another.closest[0]).toBe('explain');
  });
});

describe('recognizer: follow-ups reuse the remembered device, hub and window', () => {
  const memory: ConversationMemory = {
    last: { verb: 'diagnose', deviceId: 'thermostat-0042', window: day },
    deviceId: 'thermostat-0042',
    hub: 'CONTOSO-FLEET-HUB',
    dps: 'CONTOSO-FLEET-DPS',
    window: day,
  };

  it.each(['and yesterday?', '그럼 어제는?'])('%s', (text) => {
    expect(commandOf(text, memory)).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      hub: 'CONTOSO-FLEET-HUB',
      window: { start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
    });
  });

  it('"what about the DPS side?" asks the device\'s DPS side over the same window', () => {
    expect(commandOf('what about the DPS side?', memory)).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      hub: 'CONTOSO-FLEET-HUB',
      window: day,
      focus: 'dps',
    });
    // After a fleet question it is the DPS's errors, as before.
    expect(
      commandOf('what about the DPS side?', { ...memory, last: { verb: 'hub-errors', window: day } }),
    ).toEqual({
      verb: 'dps-errors',
      dps: 'CONTOSO-FLEET-DPS',
      window: day,
    });
  });

  it('a relative window moves with the clock; a remembered one without the flag keeps its end', () => {
    const relative = { ...memory, windowRelative: true };
    const later = new Date('2026-03-02T12:30:00.000Z');
    const recognition = recognize(
      parseUtterance('widen to 7 days', { now: later, timeZone: 'UTC', memory: relative }),
      VERB_TABLE,
    );
    expect(recognition).toMatchObject({
      command: { window: { start: '2026-02-23T12:30:00.000Z', end: '2026-03-02T12:30:00.000Z' } },
    });
    expect(commandOf('widen to 7 days', memory)).toMatchObject({ window: { end: day.end } });
  });

  it('"widen to 7 days" keeps the end and the verb', () => {
    expect(commandOf('widen to 7 days', memory)).toEqual({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
      hub: 'CONTOSO-FLEET-HUB',
      window: { start: '2026-02-23T10:30:00.000Z', end: day.end },
    });
    expect(commandOf('7일로 넓혀줘', memory)).toMatchObject({
      window: { start: '2026-02-23T10:30:00.000Z' },
    });
  });

  it('"why did it disconnect?" and "그 장치 상태는?" mean the remembered device', () => {
    expect(commandOf('why did it disconnect?', memory)).toMatchObject({
      verb: 'diagnose',
      deviceId: 'thermostat-0042',
    });
    expect(commandOf('그 장치 상태는?', memory)).toMatchObject({
      verb: 'status',
      deviceId: 'thermostat-0042',
    });
  });

  it('a new device drops the remembered hub; a new question starts from the default window', () => {
    expect(commandOf('why did meter-busan-311 disconnect?', memory)).toEqual({
      verb: 'diagnose',
      deviceId: 'meter-busan-311',
      window: day,
    });
  });

  it('"between 10:00 and 11:30" in the user zone, after a question', () => {
    expect(commandOf('and between 10:00 and 11:30?', memory, 'Asia/Seoul')).toMatchObject({
      verb: 'diagnose',
      window: { start: '2026-03-02T01:00:00.000Z', end: '2026-03-02T02:30:00.000Z' },
    });
  });
});
