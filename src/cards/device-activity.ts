/**
 * The device's timeline as a card shows it: a short list (most relevant first) and connect /
 * disconnect counts per time bin for the activity chart. Works only on the events the Diagnosis
 * carries, which is the whole timeline unless diagnose() shortened it.
 */
import type { ActivitySlot, DeviceEvent, Diagnosis } from '../diagnosis';
import type { CardContext } from './card-context';
import type { SeriesChartData } from './card-parts';
import { formatEventTime, formatInstant, sameDay } from './card-time';
import { chartBins } from './chart-bins';
import { clip } from './common-text';
import type { DiagnosisText } from './diagnosis-text';

/** Rows the card lists: enough to see the pattern; the rest is one click away (Show query). */
export const TIMELINE_ROWS = 12;

export interface TimelineRowData {
  readonly time: string;
  readonly what: string;
  readonly detail: string;
  readonly color: 'Good' | 'Attention' | 'Warning' | 'Default';
}

function isConnect(event: DeviceEvent): boolean {
  return event.category === 'Connections' && event.operation === 'deviceConnect';
}

function isSuccessfulConnect(event: DeviceEvent): boolean {
  return isConnect(event) && event.code === '' && event.level !== 'Error';
}

function isDisconnect(event: DeviceEvent): boolean {
  return event.category === 'Connections' && event.operation === 'deviceDisconnect';
}

function isDeviceConnectionEvent(event: DeviceEvent): boolean {
  return event.source === 'iothub' && event.moduleId === '' && (isConnect(event) || isDisconnect(event));
}

/** Newest first (seq breaks ties); each time is parsed once, not twice per comparison. */
function newestFirst(events: readonly DeviceEvent[]): DeviceEvent[] {
  const timed = events.map((event) => ({ event, timeInMs: Date.parse(event.time) }));
  timed.sort((a, b) => b.timeInMs - a.timeInMs || b.event.seq - a.event.seq);
  return timed.map(({ event }) => event);
}

/**
 * Evidence of the findings in rank order (newest first within each), then every other event newest
 * first: the top of the list is what explains the verdict.
 */
export function eventsByRelevance(diagnosis: Diagnosis): DeviceEvent[] {
  const inExcerpt = new Map(diagnosis.timeline.events.map((event) => [event.seq, event]));
  const ordered = new Map<number, DeviceEvent>();
  for (const finding of diagnosis.findings) {
    for (const event of newestFirst(finding.evidence)) {
      const shown = inExcerpt.get(event.seq) ?? event;
      if (!ordered.has(shown.seq)) ordered.set(shown.seq, shown);
    }
  }
  for (const event of newestFirst(diagnosis.timeline.events)) {
    if (!ordered.has(event.seq)) ordered.set(event.seq, event);
  }
  return [...ordered.values()];
}

function describe(event: DeviceEvent, text: DiagnosisText): string {
  const what =
    event.source === 'dps'
      ? text.event.dps(event.operation)
      : event.source === 'eventgrid'
        ? text.event.eventGrid(event.operation)
        : isConnect(event)
          ? isSuccessfulConnect(event)
            ? text.event.connect
            : text.event.connectFailed
          : isDisconnect(event)
            ? text.event.disconnect
            : text.event.other(event.operation);
  const code = event.code !== '' ? ` · ${event.detailCode || event.code} ${event.name}`.trimEnd() : '';
  const module = event.moduleId !== '' ? ` (${text.module(event.moduleId)})` : '';
  return `${what}${code}${module}`;
}

/** Web addresses in a record's message: the finding's one "Learn more" link carries them instead. */
export const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>]+/g;

/** The first web address an event's message names, if any. */
export function firstUrlIn(text: string): string | undefined {
  return [...text.matchAll(URL_PATTERN)][0]?.[0]?.replace(/[.,;:)]+$/, '');
}

function withoutUrls(text: string): string {
  return text
    .replace(URL_PATTERN, '')
    .replace(/\s*(?:see|refer to|more info(?:rmation)?:?)\s*[.:]?\s*$/i, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/[\s:(]+$/, '')
    .trim();
}

function detailOf(event: DeviceEvent): string {
  const parts = [withoutUrls(event.message), event.protocol, event.authType].filter((part) => part !== '');
  return clip(parts.join(' · '), 140);
}

function colorOf(event: DeviceEvent): TimelineRowData['color'] {
  if (isSuccessfulConnect(event)) return 'Good';
  if (event.source === 'eventgrid')
    return event.operation === 'DeviceConnected'
      ? 'Good'
      : event.operation === 'DeviceDisconnected'
        ? 'Warning'
        : 'Default';
  if (event.level === 'Error' || event.code !== '') return 'Attention';
  if (isDisconnect(event)) return 'Warning';
  return 'Default';
}

/**
 * The timeline as card rows, most relevant first: at most {@link TIMELINE_ROWS} rows, where a run
 * of identical events (same what and detail, one after the other in relevance order) shares one
 * row with its count and time span, so twelve identical failed connects take one line, not twelve.
 */
export function timelineRows(
  diagnosis: Diagnosis,
  ctx: CardContext,
  text: DiagnosisText,
): { readonly rows: TimelineRowData[]; readonly eventsShown: number } {
  const { start, end } = diagnosis.request.window;
  const withDate = !sameDay(start, end, ctx);
  const runs: { first: DeviceEvent; last: DeviceEvent; what: string; detail: string; count: number }[] = [];
  let eventsShown = 0;
  for (const event of eventsByRelevance(diagnosis)) {
    const what = describe(event, text);
    const detail = detailOf(event);
    const previous = runs.at(-1);
    if (previous && previous.what === what && previous.detail === detail) {
      previous.last = event;
      previous.count++;
    } else if (runs.length < TIMELINE_ROWS) {
      runs.push({ first: event, last: event, what, detail, count: 1 });
    } else break;
    eventsShown++;
  }
  const rows = runs.map((run): TimelineRowData => {
    const [older, newer] =
      Date.parse(run.first.time) <= Date.parse(run.last.time) ? [run.first, run.last] : [run.last, run.first];
    return {
      time:
        run.count === 1
          ? formatEventTime(run.first.time, ctx, withDate)
          : `${formatEventTime(older.time, ctx, withDate)} – ${formatEventTime(newer.time, ctx, false)}`,
      what: run.count === 1 ? run.what : `${run.what} ×${run.count}`,
      detail: run.detail,
      color: colorOf(run.first),
    };
  });
  return { rows, eventsShown };
}

/** Per-slot counts: the Diagnosis's whole-window activity, else the excerpt's events (older diagnoses). */
function activitySlots(diagnosis: Diagnosis): readonly ActivitySlot[] {
  if (diagnosis.timeline.activity !== undefined) return diagnosis.timeline.activity;
  return diagnosis.timeline.events.filter(isDeviceConnectionEvent).map((event) => ({
    start: event.time,
    connects: isSuccessfulConnect(event) ? 1 : 0,
    failedConnects: isConnect(event) && !isSuccessfulConnect(event) ? 1 : 0,
    disconnects: isDisconnect(event) ? 1 : 0,
  }));
}

/**
 * Connects and disconnects per bin over the whole window (every event, not the 50 the excerpt
 * keeps), or undefined when the device has neither.
 */
export function activityChart(
  diagnosis: Diagnosis,
  ctx: CardContext,
  text: DiagnosisText,
): SeriesChartData | undefined {
  const slots = activitySlots(diagnosis);
  if (slots.length === 0) return undefined;
  const bins = chartBins(diagnosis.request.window, ctx);
  const binCount = bins.starts.length;
  const connects = new Array<number>(binCount).fill(0);
  const failedConnects = new Array<number>(binCount).fill(0);
  const disconnects = new Array<number>(binCount).fill(0);
  for (const slot of slots) {
    const index = bins.indexOf(Date.parse(slot.start));
    connects[index] = (connects[index] ?? 0) + slot.connects;
    failedConnects[index] = (failedConnects[index] ?? 0) + slot.failedConnects;
    disconnects[index] = (disconnects[index] ?? 0) + slot.disconnects;
  }
  const labels = bins.labels;
  const busiestIndex = disconnects.reduce(
    (best, count, index) => (count > (disconnects[best] ?? 0) ? index : best),
    0,
  );
  const busiestCount = disconnects[busiestIndex] ?? 0;
  const total = (counts: number[]): number => counts.reduce((sum, count) => sum + count, 0);
  const fromExcerpt =
    diagnosis.timeline.activity === undefined && diagnosis.timeline.events.length < diagnosis.timeline.total;
  return {
    title: fromExcerpt
      ? text.activityPartial(diagnosis.timeline.events.length, diagnosis.timeline.total)
      : text.activityTitle,
    series: [
      { legend: text.connects, color: 'good', values: connects.map((y, i) => ({ x: labels[i] ?? '', y })) },
      // A device that never gets in shows only failed attempts: without this line its chart is flat.
      ...(total(failedConnects) > 0
        ? [
            {
              legend: text.failedConnects,
              color: 'attention',
              values: failedConnects.map((y, i) => ({ x: labels[i] ?? '', y })),
            },
          ]
        : []),
      {
        legend: text.disconnects,
        color: 'warning',
        values: disconnects.map((y, i) => ({ x: labels[i] ?? '', y })),
      },
    ],
    fallbackText: text.activityFallback(
      total(connects),
      total(failedConnects),
      total(disconnects),
      busiestCount > 0
        ? text.busiest(formatInstant(new Date(bins.starts[busiestIndex] ?? 0), ctx), busiestCount)
        : '',
    ),
  };
}

/** The latest successful connect and the latest disconnect among the events the diagnosis carries. */
export function lastConnectionEvents(diagnosis: Diagnosis): {
  readonly connect?: DeviceEvent;
  readonly disconnect?: DeviceEvent;
  readonly latest?: DeviceEvent;
} {
  const events = newestFirst(diagnosis.timeline.events.filter(isDeviceConnectionEvent));
  const connect = events.find(isSuccessfulConnect);
  const disconnect = events.find(isDisconnect);
  const latest = events.find((event) => isSuccessfulConnect(event) || isDisconnect(event));
  return {
    ...(connect ? { connect } : {}),
    ...(disconnect ? { disconnect } : {}),
    ...(latest ? { latest } : {}),
  };
}

/** Connect, disconnect and error counts among the events the diagnosis carries. */
export function connectionCounts(diagnosis: Diagnosis): {
  readonly connects: number;
  readonly disconnects: number;
  readonly errors: number;
} {
  const events = diagnosis.timeline.events.filter((event) => event.moduleId === '');
  return {
    connects: events.filter(isSuccessfulConnect).length,
    disconnects: events.filter(isDisconnect).length,
    errors: events.filter((event) => event.level === 'Error' || event.code !== '').length,
  };
}
