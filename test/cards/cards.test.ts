import { gunzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CardRenderer,
  CardRenderError,
  choiceCard,
  deviceStatusCard,
  diagnosisCard,
  dpsSummaryCard,
  errorCard,
  explainCodeCard,
  fleetHealthCard,
  formatWindow,
  hubErrorsCard,
  noDataCard,
  topDevicesCard,
  zoneLabel,
  type CardRequest,
  type CardTemplateName,
  type DiagnosisCardData,
} from '../../src/cards';
import { logAnalyticsPortalLink } from '../../src/logs/azure/portal-link';
import {
  dpsFailures,
  fleetHealth,
  hubErrorBreakdown,
  topDisconnectingDevices,
  type Diagnosis,
} from '../../src/diagnosis';
import { explainCode } from '../../src/knowledge/catalog';
import { cardTexts } from '../support/cards';
import { allActions, cardProblems, CARD_SIZE_LIMIT_BYTES } from './check-card';
import {
  contextFor,
  DAY_WINDOW,
  diagnoseSimulated,
  longDiagnosis,
  NOW,
  simulatedLogs,
  WORKSPACE_RESOURCE_ID,
} from './fixtures';

const renderer = new CardRenderer();
const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'cards', 'samples');

function render(request: CardRequest): Record<string, unknown> {
  return renderer.renderRequest(request);
}

function diagnosisData(request: CardRequest): DiagnosisCardData {
  if (request.template !== 'diagnosis') throw new Error(`expected a diagnosis card, got ${request.template}`);
  return request.data;
}

/** The KQL a portal deep link carries: base64(gzip(query)) in the `q` path segment. */
function queryInLink(url: string): string {
  const match = /\/q\/([^/]+)\/timespan\//.exec(url);
  if (!match?.[1]) throw new Error(`no query in ${url}`);
  return gunzipSync(Buffer.from(decodeURIComponent(match[1]), 'base64')).toString('utf8');
}

let flapping: Diagnosis;
beforeAll(async () => {
  flapping = await diagnoseSimulated('pump-station-4');
});

describe('designer samples (cards/samples)', () => {
  const samples = readdirSync(SAMPLES_DIR).filter((file) => file.endsWith('.json'));

  it('has a sample for every template', () => {
    const templates = readdirSync(path.resolve(SAMPLES_DIR, '..')).filter((file) => file.endsWith('.json'));
    expect(samples.sort()).toEqual(templates.sort());
  });

  it.each(samples)('%s renders into a valid card', (file) => {
    const data: unknown = JSON.parse(readFileSync(path.join(SAMPLES_DIR, file), 'utf8'));
    const template = path.basename(file, '.json') as CardTemplateName;
    const card = renderer.render(template, data as never);
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('the card checks themselves', () => {
  const valid = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] };

  it('accepts a plain valid card', () => {
    expect(cardProblems(valid)).toEqual([]);
  });

  it('reports an unknown property, an unknown element and an unknown action', () => {
    expect(cardProblems({ ...valid, body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] })).toEqual([
      expect.stringContaining('colour'),
    ]);
    expect(cardProblems({ ...valid, body: [{ type: 'Gauge', value: 3 }] }).join()).toContain('Gauge');
    expect(
      cardProblems({ ...valid, actions: [{ type: 'Action.Frobnicate', title: 'x' }] }).length,
    ).toBeGreaterThan(0);
  });

  it('accepts a Teams chart only with a fallback', () => {
    const chart = { type: 'Chart.Pie', data: [{ legend: 'a', value: 1 }] };
    expect(cardProblems({ ...valid, body: [chart] })).toEqual([
      expect.stringContaining('without a fallback'),
    ]);
    expect(
      cardProblems({ ...valid, body: [{ ...chart, fallback: { type: 'TextBlock', text: 'a: 1' } }] }),
    ).toEqual([]);
  });

  it('requires Action.Execute to fall back to Action.Submit with the same data, and verb = cmd', () => {
    const data = { cmd: 'explain', code: '401003' };
    const execute = { type: 'Action.Execute', title: 'Explain', verb: 'explain', data };
    expect(cardProblems({ ...valid, actions: [execute] })).toEqual([expect.stringContaining('fallback')]);
    const other = { type: 'Action.Submit', title: 'Explain', data: { ...data, code: '404104' } };
    expect(cardProblems({ ...valid, actions: [{ ...execute, fallback: other }] })).toEqual([
      expect.stringContaining('fallback data differs'),
    ]);
    const same = { type: 'Action.Submit', title: 'Explain', data };
    expect(cardProblems({ ...valid, actions: [{ ...execute, fallback: same }] })).toEqual([]);
    expect(cardProblems({ ...valid, actions: [{ ...execute, verb: 'diagnose', fallback: same }] })).toEqual([
      expect.stringContaining('verb'),
    ]);
    expect(cardProblems({ ...valid, actions: [same] })).toEqual([
      expect.stringContaining('bare Action.Submit'),
    ]);
  });

  it('reports leftover ${ and oversize cards', () => {
    expect(cardProblems({ ...valid, body: [{ type: 'TextBlock', text: '${deviceId}' }] }).join()).toContain(
      'leftover',
    );
    const big = { type: 'TextBlock', text: 'x'.repeat(CARD_SIZE_LIMIT_BYTES) };
    expect(cardProblems({ ...valid, body: [big] }).join()).toContain('bytes');
  });

  it('the renderer refuses a template with an unbound expression', () => {
    const broken = { ...errorCard({ message: 'm' }, contextFor('en')) };
    // A template expects `title`; without it adaptivecards-templating would leave `${title}` in the card.
    expect(() => renderer.render('error', { ...broken.data, title: undefined } as never)).toThrow(
      CardRenderError,
    );
  });
});

describe('diagnosis card', () => {
  it('lists the device findings in the ranked order of the Diagnosis', () => {
    const data = diagnosisData(diagnosisCard(flapping, contextFor('en')));
    const expected = flapping.findings.filter((finding) => !finding.id.startsWith('data.')).slice(0, 5);
    expect(data.findings.map((finding) => finding.title)).toHaveLength(expected.length);
    expect(data.findings[0]?.title).toBe('Connection flapping');
    expect(data.findings[0]?.expanded).toBe(true);
    expect(data.findings.slice(1).every((finding) => !finding.expanded)).toBe(true);
  });

  it("shows the window and event times in the reader's zone and names the zone", () => {
    const ko = render(diagnosisCard(flapping, contextFor('ko', { timeZone: 'Asia/Seoul' })));
    const en = render(diagnosisCard(flapping, contextFor('en', { timeZone: 'UTC' })));
    expect(cardTexts(ko)).toContain('2026-03-01 19:00 – 2026-03-02 19:00 Asia/Seoul (UTC+09:00)');
    expect(cardTexts(en)).toContain('2026-03-01 10:00 – 2026-03-02 10:00 UTC');
    // The newest event of the top finding, 08:02:34 UTC, is 17:02:34 in Seoul.
    expect(cardTexts(en)).toContain('03-02 08:02:34');
    expect(cardTexts(ko)).toContain('03-02 17:02:34');
  });

  it('falls back to UTC for a zone Intl does not know, and follows daylight saving time', () => {
    const window = { start: '2026-07-01T00:00:00.000Z', end: '2026-07-01T06:00:00.000Z' };
    expect(formatWindow(window, contextFor('en', { timeZone: 'Mars/Olympus' }))).toBe(
      '2026-07-01 00:00 – 06:00 UTC',
    );
    expect(
      zoneLabel(contextFor('en', { timeZone: 'America/New_York', now: new Date('2026-07-01T00:00:00Z') })),
    ).toBe('America/New_York (UTC-04:00)');
    expect(
      zoneLabel(contextFor('en', { timeZone: 'America/New_York', now: new Date('2026-01-15T00:00:00Z') })),
    ).toBe('America/New_York (UTC-05:00)');
  });

  it('has Show query with the exact KQL of the device query, line by line, and Show all events', () => {
    const card = render(diagnosisCard(flapping, contextFor('en')));
    const showCard = allActions(card).find((action) => action['type'] === 'Action.ShowCard');
    const shownCard = showCard?.['card'] as {
      body: { items: { type: string; inlines?: { text: string; fontType: string }[] }[] }[];
    };
    const containers = shownCard.body.filter((element) => element.items !== undefined);
    const shown = containers.map((container) =>
      container.items
        .filter((item) => item.type === 'RichTextBlock')
        .map((item) => item.inlines?.[0]?.text)
        .join('\n'),
    );
    // The query a person runs first; helper queries (hub bins, data presence) stay hidden.
    const deviceQuery = flapping.queries.find((query) => query.name === 'device-connections');
    expect(shown).toEqual([deviceQuery?.kql]);
    expect(JSON.stringify(shownCard)).toContain('"text":"last 50 events of pump-station-4"');
    const fonts = containers.flatMap((container) =>
      container.items.flatMap((item) => (item.inlines ?? []).map((inline) => inline.fontType)),
    );
    expect(new Set(fonts)).toEqual(new Set(['Monospace']));
  });

  it('links each query to Log Analytics with the query gzip+base64 in the URL, only when a workspace is configured', () => {
    const card = render(diagnosisCard(flapping, contextFor('en')));
    const links = allActions(card).filter(
      (action) => action['type'] === 'Action.OpenUrl' && String(action['url']).startsWith('https://portal.'),
    );
    const queries = links.map((link) => queryInLink(String(link['url'])));
    const first = flapping.queries.find((query) => query.name === 'device-connections')?.kql;
    // The device's query inside Show query, plus the top-level button for the same query.
    expect(queries).toEqual([first, first]);
    const url = String(links.at(-1)?.['url']);
    expect(url.startsWith('https://portal.azure.com/#@11111111-2222-3333-4444-555555555555/blade/')).toBe(
      true,
    );
    expect(url).toContain(`/resourceId/${encodeURIComponent(WORKSPACE_RESOURCE_ID)}/`);
    expect(decodeURIComponent(url.split('/timespan/')[1] ?? '')).toBe(
      `${flapping.request.window.start}/${flapping.request.window.end}`,
    );

    const without = render(diagnosisCard(flapping, { ...contextFor('en'), queryLinks: undefined }));
    // Only the findings' documentation links remain ("Learn more"), never a portal link.
    expect(
      allActions(without)
        .filter((action) => action['type'] === 'Action.OpenUrl')
        .map((action) => String(action['url']))
        .filter((url) => !url.startsWith('https://learn.microsoft.com/')),
    ).toEqual([]);
  });

  it('round-trips awkward KQL (quotes, backslashes, Korean) through the deep link', () => {
    const kql = 'AzureDiagnostics\n| where DeviceId == "온도계-\\"1\'" // 장치';
    const url = logAnalyticsPortalLink(kql, { start: 'a', end: 'b' }, { resourceId: '/x' });
    expect(url.startsWith('https://portal.azure.com/#blade/')).toBe(true);
    expect(queryInLink(url)).toBe(kql);
  });

  it("offers Widen, Explain for the top finding's codes, and Diagnose again, as Execute buttons", () => {
    const data = diagnosisData(diagnosisCard(flapping, contextFor('en')));
    const byVerb = data.buttons.map((button) => [button.verb, button.data] as const);
    expect(byVerb).toEqual([
      [
        'diagnose',
        {
          cmd: 'diagnose',
          deviceId: 'pump-station-4',
          hub: 'CONTOSO-FLEET-HUB',
          start: '2026-02-27T10:00:00.000Z',
          end: '2026-03-02T10:00:00.000Z',
        },
      ],
      ['explain', { cmd: 'explain', code: '404104' }],
      ['diagnose', { cmd: 'diagnose', deviceId: 'pump-station-4', hub: 'CONTOSO-FLEET-HUB' }],
    ]);
    expect(data.buttons.map((button) => button.title)).toEqual([
      'Widen to 3 days',
      'Explain 404104',
      'Diagnose again',
    ]);
  });

  it('puts the evidence of the top finding first in the timeline and says how many more there are', () => {
    const data = diagnosisData(diagnosisCard(flapping, contextFor('en')));
    expect(data.timeline).toHaveLength(12);
    expect(data.timeline[0]?.what).toBe('Disconnected · 404104 DeviceConnectionClosedRemotely');
    expect(data.timelineMore).toBe(
      `${flapping.timeline.total - 12} more events in the window: Show query lists them all.`,
    );
  });

  it('folds a run of identical events into one timeline row with its count and time span', async () => {
    const expired = await diagnoseSimulated('camera-lobby-02');
    const data = diagnosisData(diagnosisCard(expired, contextFor('en')));
    const failed = expired.timeline.events.filter(
      (e) => e.operation === 'deviceConnect' && e.code === '401003',
    );
    expect(data.timeline[0]).toMatchObject({
      what: `Connect failed · 401003 IoTHubUnauthorized ×${failed.length}`,
      time: '03-02 03:40:00 – 09:50:00',
      color: 'Attention',
    });
    expect(data.timelineHeading).toBe(`Timeline (${expired.timeline.total} events)`);
    expect(data.timelineMore).toBe('');
  });

  it('draws connects and disconnects per bin, with a text fallback that adds up', () => {
    const data = diagnosisData(diagnosisCard(flapping, contextFor('en')));
    expect(data.hasActivity).toBe(true);
    const [connects, disconnects] = data.activity.series;
    const sum = (values: readonly { y: number }[] | undefined) => (values ?? []).reduce((s, v) => s + v.y, 0);
    const events = flapping.timeline.events.filter(
      (event) => event.category === 'Connections' && event.moduleId === '',
    );
    expect(sum(disconnects?.values)).toBe(events.filter((e) => e.operation === 'deviceDisconnect').length);
    expect(sum(connects?.values)).toBe(
      events.filter((e) => e.operation === 'deviceConnect' && e.code === '').length,
    );
    expect(connects?.values.length).toBeLessThanOrEqual(9);
    expect(data.activity.fallbackText).toContain(`Disconnects: ${sum(disconnects?.values)}`);
  });

  it('stays under 80 KB with hundreds or thousands of events and many findings, in both languages', () => {
    for (const events of [300, 800, 3000]) {
      for (const locale of ['en', 'ko'] as const) {
        const card = render(diagnosisCard(longDiagnosis(events), contextFor(locale)));
        expect(cardProblems(card)).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
      }
    }
  });

  it('warns about partial and truncated data and a window that just ended', () => {
    const long = longDiagnosis(10);
    const recent: Diagnosis = { ...long, dataStatus: { ...long.dataStatus, recentWindow: true } };
    const texts = cardTexts(render(diagnosisCard(recent, contextFor('en'))));
    expect(texts).toContain(
      '⚠ Partial results: the service returned only part of the data (Query exceeded the result size limit). The answer may be incomplete.',
    );
    expect(texts).toContain('⚠ Row limit reached in device-connections: only the newest rows were used.');
    expect(texts.some((text) => text.startsWith('⚠ The window ends in the last few minutes'))).toBe(true);
  });

  it('writes Korean cards in Korean', () => {
    const data = diagnosisData(diagnosisCard(flapping, contextFor('ko')));
    expect(data.labels).toEqual({
      findings: '진단 결과',
      symptoms: '증상',
      causes: '원인',
      fixes: '조치',
      details: '자세히',
      learnMore: '자세히 알아보기',
      likelyCause: '가능한 원인',
      firstFix: '먼저 할 일',
      findingsToggle: data.findings.length > 1 ? `발견 ${data.findings.length}건 모두` : '발견 자세히',
      activityToggle: '활동 및 타임라인',
    });
    expect(data.buttons.map((button) => button.title)).toEqual(['3일로 넓히기', '404104 설명', '다시 진단']);
    expect(data.findings[0]?.meta).toBe(`경고 · 이벤트 ${flapping.findings[0]?.evidence.length}건`);
  });

  it('turns a no-data diagnosis into the no-data card with the nearest ids as buttons', async () => {
    const request = diagnosisCard(await diagnoseSimulated('thermostat-0043'), contextFor('en'));
    expect(request.template).toBe('no-data');
    const card = render(request);
    const suggestions = allActions(card).filter(
      (action) =>
        action['type'] === 'Action.Execute' &&
        (action['data'] as { deviceId?: string }).deviceId !== 'thermostat-0043',
    );
    expect(suggestions[0]).toMatchObject({ title: 'thermostat-0042', verb: 'diagnose' });
    expect(cardTexts(card)).toContain('Did you mean');
  });
});

describe('error and choice cards', () => {
  it('shows Retry only with something to retry, and the correlation id when given', () => {
    const retry = { cmd: 'diagnose', deviceId: 'thermostat-0042' } as const;
    const withRetry = render(
      errorCard({ message: 'Timed out.', correlationId: 'abc-123', retry }, contextFor('en')),
    );
    expect(allActions(withRetry)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Retry',
        verb: 'diagnose',
        data: retry,
        fallback: { type: 'Action.Submit', title: 'Retry', data: retry },
      },
    ]);
    expect(cardTexts(withRetry)).toContain('Reference: abc-123');
    const plain = render(errorCard({ message: 'Timed out.' }, contextFor('ko')));
    expect(allActions(plain)).toEqual([]);
    expect(cardTexts(plain)).toEqual(['답하지 못했어요', 'Timed out.']);
  });

  it('puts every choice on a button, five to a row', () => {
    const hubs = Array.from({ length: 7 }, (_, i) => `HUB-${i}`);
    const card = render(
      choiceCard(
        {
          question: 'Which hub?',
          choices: hubs.map((hub) => ({ title: hub, action: { cmd: 'diagnose', deviceId: 'd-1', hub } })),
        },
        contextFor('en'),
      ),
    );
    expect(cardProblems(card)).toEqual([]);
    expect(allActions(card).map((action) => action['title'])).toEqual(hubs);
  });

  it('has a no-data card for fleet questions with a Widen button for the same question', () => {
    const card = render(
      noDataCard(
        {
          subject: { kind: 'top-disconnects', hub: 'h1' },
          window: { start: '2026-03-02T09:00:00.000Z', end: NOW.toISOString() },
        },
        contextFor('en'),
      ),
    );
    expect(cardTexts(card)).toContain('No device disconnected in this window.');
    expect(allActions(card)[0]).toMatchObject({
      title: 'Widen to 6 hours',
      data: {
        cmd: 'top-disconnects',
        hub: 'h1',
        start: '2026-03-02T04:30:00.000Z',
        end: '2026-03-02T10:30:00.000Z',
      },
    });
  });
});

describe('fleet, status and explain cards', () => {
  it('explains a DPS code with its findings and docs, and offers the DPS errors', () => {
    const entry = explainCode('dps 404201');
    if (!entry) throw new Error('404201 is in the catalog');
    const card = render(explainCodeCard(entry, contextFor('ko')));
    expect(cardProblems(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('404201 EnrollmentNotFound');
    const actions = allActions(card);
    expect(actions.filter((a) => a['type'] === 'Action.OpenUrl').length).toBeGreaterThan(0);
    expect(actions.at(-1)).toMatchObject({ verb: 'dps-errors', title: '지금 DPS 오류 보기' });
  });

  it('offers Explain on the DPS card only for codes the catalog explains as DPS codes', async () => {
    const failures = await dpsFailures({ window: DAY_WINDOW }, { logs: simulatedLogs() });
    const request = dpsSummaryCard(failures, undefined, contextFor('en'));
    const explains = allActions(render(request)).filter((a) => a['verb'] === 'explain');
    for (const action of explains) {
      const code = (action['data'] as { code: string }).code;
      expect(explainCode(code)?.source).toBe('dps');
    }
    // 429 · 429001: 429001 is an IoT Hub code, so the DPS card explains the status 429.
    expect(explains.map((a) => (a['data'] as { code: string }).code)).toContain('429');
  });

  it('says on every fleet answer when the logs cover less than its window, in both languages', async () => {
    const logs = simulatedLogs();
    const cards = async (window: { start: Date; end: Date }, locale: 'en' | 'ko'): Promise<string[][]> => {
      const ctx = contextFor(locale);
      const requests = [
        hubErrorsCard(await hubErrorBreakdown({ window }, { logs }), ctx),
        topDevicesCard(await topDisconnectingDevices({ window }, { logs }), ctx),
        dpsSummaryCard(await dpsFailures({ window }, { logs }), undefined, ctx),
        fleetHealthCard(await fleetHealth({ window }, { logs }), ctx),
      ];
      return requests.map((request) => cardTexts(render(request)));
    };
    // Two days of logs: a week's window is mostly empty, a day's is covered.
    const week = { start: new Date(DAY_WINDOW.end.getTime() - 7 * 24 * 3_600_000), end: DAY_WINDOW.end };
    for (const texts of await cards(week, 'en'))
      expect(texts.filter((text) => text.includes('The data covers only 2026-02-28'))).toHaveLength(1);
    for (const texts of await cards(week, 'ko'))
      expect(texts.filter((text) => text.includes('데이터는 이 기간 중 2026-02-28'))).toHaveLength(1);
    for (const texts of await cards(DAY_WINDOW, 'en'))
      expect(texts.filter((text) => text.includes('The data covers only'))).toEqual([]);
  });

  it("lists each hub error code's top devices with a Diagnose button that posts a new card", async () => {
    const answer = await hubErrorBreakdown({ window: DAY_WINDOW }, { logs: simulatedLogs() });
    for (const locale of ['en', 'ko'] as const) {
      const card = render(hubErrorsCard(answer, contextFor(locale)));
      expect(cardProblems(card)).toEqual([]);
      const diagnoses = allActions(card).filter((action) => action['verb'] === 'diagnose');
      // Every listed row's devices (at most 3 each, the first 10 rows) and nothing else.
      const listed = answer.rows
        .slice(0, 10)
        .flatMap((row) => row.topDevices.map((device) => ({ row, device })));
      expect(listed.length).toBeGreaterThan(10);
      expect(diagnoses.map((action) => action['data'])).toEqual(
        listed.map(({ row, device }) => ({
          cmd: 'diagnose',
          deviceId: device.deviceId,
          post: 'new',
          hub: row.hub,
          start: DAY_WINDOW.start.toISOString(),
          end: DAY_WINDOW.end.toISOString(),
        })),
      );
      expect(diagnoses[0]?.['title']).toBe(locale === 'en' ? 'Diagnose' : '진단');
    }
  });

  it('says on the hub errors and top devices cards how many token renewals, on how many devices, were counted apart', async () => {
    const logs = simulatedLogs();
    const errors = await hubErrorBreakdown({ window: DAY_WINDOW }, { logs });
    // Three devices: the listed ones renew none, yet the note counts every renewal of the window.
    const top = await topDisconnectingDevices({ window: DAY_WINDOW, limit: 3 }, { logs });
    expect(top.rows.reduce((sum, row) => sum + row.renewals, 0)).toBeLessThan(top.renewals.cycles);
    const { cycles, devices } = errors.renewals;
    expect(cycles).toBeGreaterThan(0);
    const texts = (request: CardRequest): string[] => cardTexts(render(request));
    expect(texts(hubErrorsCard(errors, contextFor('en')))).toContain(
      `${cycles} SAS token renewals on ${devices} devices (a 401003 then a 404104, then a reconnect) are expected behaviour: counted apart, not as errors.`,
    );
    expect(texts(hubErrorsCard(errors, contextFor('ko')))).toContain(
      `장치 ${devices}대의 SAS 토큰 갱신 ${cycles}회(401003 다음 404104, 이어서 재연결)는 정상 동작이라 오류에서 빼고 따로 셌습니다.`,
    );
    expect(texts(topDevicesCard(top, contextFor('en')))).toContain(
      `${cycles} SAS token renewals on ${devices} devices (a 401003 then a 404104, then a reconnect) are expected behaviour: counted apart, not as disconnects.`,
    );
    expect(texts(topDevicesCard(top, contextFor('ko')))).toContain(
      `장치 ${devices}대의 SAS 토큰 갱신 ${cycles}회(401003 다음 404104, 이어서 재연결)는 정상 동작이라 끊김에서 빼고 따로 셌습니다.`,
    );
    const none = { ...errors, renewals: { cycles: 0, devices: 0 } };
    expect(texts(hubErrorsCard(none, contextFor('en'))).some((text) => text.includes('renewal'))).toBe(false);
  });

  it('answers hub errors without rows with the no-data card', () => {
    const window = { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z' };
    const request = hubErrorsCard(
      {
        window,
        rows: [],
        trend: [],
        binMinutes: 5,
        renewals: { cycles: 0, devices: 0 },
        queries: [],
        dataStatus: { partial: false, truncated: [] },
      },
      contextFor('en'),
      { hub: 'h1' },
    );
    expect(request.template).toBe('no-data');
    expect(cardTexts(render(request))).toContain('No hub errors');
  });

  it('says a device is connected, since when, and with what', async () => {
    const request = deviceStatusCard(await diagnoseSimulated('thermostat-0042'), contextFor('en'));
    if (request.template !== 'device-status') throw new Error(request.template);
    expect(request.data.state).toMatch(/^Connected since 2026-03-02 \d\d:\d\d \(\d+ min ago\)$/);
    expect(request.data.stateColor).toBe('Good');
    expect(request.data.facts.map((fact) => fact.title)).toEqual(
      expect.arrayContaining([
        'IoT hub',
        'Last connect',
        'Last disconnect',
        'Protocol',
        'SDK',
        'In the window',
        'Window',
      ]),
    );
    expect(request.data.buttons.map((button) => button.verb)).toEqual(['diagnose', 'status']);
  });
});
