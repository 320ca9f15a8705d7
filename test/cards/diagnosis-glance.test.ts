/**
 * The diagnosis card reads at a glance: collapsed it shows verdict, cause and first fix and little
 * else; fix commands name the real hub and device; timeline rows carry no raw URLs; the chart
 * counts every event in the window, not the 50 the excerpt keeps.
 */
import { CardRenderer, diagnosisCard, type Locale } from '../../src/cards';
import type { Diagnosis, DeviceEvent, Finding } from '../../src/diagnosis';
import { contextFor, diagnoseSimulated, longDiagnosis } from './fixtures';

const renderer = new CardRenderer();

type Element = Record<string, unknown>;

/** Elements a reader sees before any toggle: hidden sections and their contents don't count. */
function visibleElements(elements: readonly unknown[]): Element[] {
  const seen: Element[] = [];
  for (const element of elements) {
    if (typeof element !== 'object' || element === null) continue;
    const item = element as Element;
    if (item['isVisible'] === false) continue;
    seen.push(item);
    for (const key of ['items', 'columns']) {
      const children = item[key];
      if (Array.isArray(children)) seen.push(...visibleElements(children));
    }
  }
  return seen;
}

/** Lines of text: TextBlocks, each fact, each RichTextBlock. */
function textLines(elements: readonly Element[]): number {
  return elements.reduce((lines, element) => {
    if (element['type'] === 'TextBlock' || element['type'] === 'RichTextBlock') return lines + 1;
    if (element['type'] === 'FactSet' && Array.isArray(element['facts']))
      return lines + element['facts'].length;
    return lines;
  }, 0);
}

function render(diagnosis: Diagnosis, locale: Locale): Element {
  return renderer.renderRequest(diagnosisCard(diagnosis, contextFor(locale))) as unknown as Element;
}

function allTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allTexts);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allTexts);
  return [];
}

describe.each(['en', 'ko'] as const)('diagnosis card at a glance (%s)', (locale) => {
  it('collapsed, the thermostat-0042 card shows at most 12 elements and 10 text lines', async () => {
    const card = render(await diagnoseSimulated('thermostat-0042'), locale);
    const visible = visibleElements(card['body'] as unknown[]);
    // title, facts, verdict, last connect, (warnings), cause, first fix, toggles, footer: a
    // phone screen's worth. The sections (findings, chart, timeline) start hidden.
    expect(visible.length).toBeLessThanOrEqual(12);
    expect(textLines(visible)).toBeLessThanOrEqual(10);
    const hidden = (card['body'] as Element[]).filter((element) => element['isVisible'] === false);
    expect(hidden.map((element) => element['id'])).toEqual(['findings-section', 'activity-section']);
    const toggles = visible
      .filter((element) => element['type'] === 'ActionSet')
      .flatMap((element) => element['actions'] as Element[])
      .flatMap((action) => action['targetElements'] as string[]);
    expect(toggles).toEqual(['findings-section', 'activity-section']);
  });

  it('fills fix commands with the real hub and device and never emits <…>', () => {
    const base = longDiagnosis(20);
    const finding: Finding = {
      id: 'iothub.404001.device-not-found',
      severity: 'error',
      confidence: 0.9,
      evidence: base.timeline.events.slice(0, 2),
      params: { deviceId: 'kiosk-gangnam-03' },
      facts: {},
    };
    const diagnosis: Diagnosis = {
      ...base,
      request: { ...base.request, deviceId: 'kiosk-gangnam-03' },
      findings: [finding],
    };
    const texts = allTexts(render(diagnosis, locale));
    const commands = texts.filter((text) => text.includes('az iot hub device-identity'));
    expect(commands.length).toBeGreaterThan(0);
    for (const text of commands) {
      expect(text).toContain('--hub-name CONTOSO-FLEET-HUB --device-id kiosk-gangnam-03');
    }
    for (const text of texts) expect(text).not.toMatch(/<[a-z][a-z-]*>/i);
  });

  it('quotes the text the hub logged for a 401003 nobody recognises', () => {
    const base = longDiagnosis(20);
    const said = 'The specified SAS token has an invalid signature';
    const finding: Finding = {
      id: 'iothub.401003.unexplained',
      severity: 'error',
      confidence: 0.6,
      evidence: base.timeline.events.slice(0, 2),
      params: { deviceId: base.request.deviceId, count: 2, errorMessage: said },
      facts: {},
    };
    const texts = allTexts(render({ ...base, findings: [finding] }, locale));
    const quoting = texts.filter((text) => text.includes(`"${said}"`));
    expect(quoting.length).toBeGreaterThan(0);
    expect(quoting.join(' ')).toContain(locale === 'en' ? 'The hub logged' : '허브가 남긴 메시지');
  });

  it('keeps raw URLs out of timeline rows and gives the finding one Learn more', async () => {
    const diagnosis = await diagnoseSimulated('pump-station-4');
    const withUrls = diagnosis.timeline.events.filter((event) => event.message.includes('https://'));
    expect(withUrls.length).toBeGreaterThan(0);
    const card = render(diagnosis, locale);
    const activity = (card['body'] as Element[]).find((element) => element['id'] === 'activity-section');
    const rowTexts = allTexts(
      (activity?.['items'] as Element[]).filter((item) => item['type'] === 'ColumnSet'),
    );
    expect(rowTexts.length).toBeGreaterThan(0);
    for (const text of rowTexts) expect(text).not.toMatch(/https?:\/\//);
    const findings = (card['body'] as Element[]).find((element) => element['id'] === 'findings-section');
    const learnMore = JSON.stringify(findings).match(/"url":"https:\/\/learn\.microsoft\.com[^"]*"/g) ?? [];
    expect(learnMore.length).toBeGreaterThanOrEqual(1);
  });

  it('charts every event of the window in whole counts, not only the 50 the excerpt keeps', () => {
    const diagnosis = longDiagnosis(800);
    const activity = { ...diagnosis.timeline };
    // An excerpt of 50 whose activity still counts all 800 events, as diagnose() builds it.
    const excerpt: Diagnosis = {
      ...diagnosis,
      timeline: {
        events: activity.events.slice(-50),
        total: 800,
        order: 'relevance',
        activity: slotsOf(activity.events),
      },
    };
    const request = diagnosisCard(excerpt, contextFor(locale));
    const data = request.data as unknown as { activity: { series: { values: { y: number }[] }[] } };
    const sum = data.activity.series
      .flatMap((series) => series.values)
      .reduce((total, point) => total + point.y, 0);
    expect(sum).toBe(800);
    for (const point of data.activity.series.flatMap((series) => series.values))
      expect(Number.isInteger(point.y)).toBe(true);
  });
});

describe('diagnose() activity slots', () => {
  it('count every device connection event of the window in five-minute UTC slots', async () => {
    const diagnosis = await diagnoseSimulated('pump-station-4');
    const slots = diagnosis.timeline.activity ?? [];
    const counted = slots.reduce(
      (sum, slot) => sum + slot.connects + slot.failedConnects + slot.disconnects,
      0,
    );
    const connectionEvents = diagnosis.timeline.events.filter(
      (event) =>
        event.source === 'iothub' &&
        event.moduleId === '' &&
        event.category === 'Connections' &&
        (event.operation === 'deviceConnect' || event.operation === 'deviceDisconnect'),
    );
    expect(diagnosis.timeline.order).toBe('chronological');
    expect(counted).toBe(connectionEvents.length);
    for (const slot of slots) expect(Date.parse(slot.start) % 300_000).toBe(0);
  });
});

/** Five-minute slots like diagnose() makes (the test below checks diagnose() itself). */
function slotsOf(events: readonly DeviceEvent[]) {
  const slots = new Map<string, { connects: number; failedConnects: number; disconnects: number }>();
  for (const event of events) {
    const start = new Date(Math.floor(Date.parse(event.time) / 300_000) * 300_000).toISOString();
    const slot = slots.get(start) ?? { connects: 0, failedConnects: 0, disconnects: 0 };
    if (event.operation === 'deviceDisconnect') slot.disconnects++;
    else slot.connects++;
    slots.set(start, slot);
  }
  return [...slots.entries()].map(([start, counts]) => ({ start, ...counts }));
}
