/** Small predicates and time helpers shared by the detectors. */
import { eventTime, type DeviceEvent } from '../timeline';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;

export function isConnect(event: DeviceEvent): boolean {
  return event.operation === 'deviceConnect';
}

export function isDisconnect(event: DeviceEvent): boolean {
  return event.operation === 'deviceDisconnect' && event.category === 'Connections';
}

/** A connect the hub accepted: no error code, not at Error level. */
export function isSuccessfulConnect(event: DeviceEvent): boolean {
  return isConnect(event) && event.code === '' && event.level !== 'Error';
}

/** Event Grid says the device connected (its connection-state events are in sequence order). */
export function isEventGridConnected(event: DeviceEvent): boolean {
  return event.source === 'eventgrid' && event.operation === 'DeviceConnected';
}

export function isEventGridDisconnected(event: DeviceEvent): boolean {
  return event.source === 'eventgrid' && event.operation === 'DeviceDisconnected';
}

export function hasCode(event: DeviceEvent, code: string): boolean {
  return event.code === code;
}

/** The first event after `index` (exclusive) within `withinMs` of it that matches. */
export function nextMatching(
  events: readonly DeviceEvent[],
  index: number,
  withinMs: number,
  matches: (event: DeviceEvent) => boolean,
): { readonly event: DeviceEvent; readonly index: number } | undefined {
  const from = events[index];
  if (!from) return undefined;
  const limit = eventTime(from) + withinMs;
  for (let i = index + 1; i < events.length; i++) {
    const event = events[i];
    if (!event || eventTime(event) > limit) return undefined;
    if (matches(event)) return { event, index: i };
  }
  return undefined;
}

/** Whether an event matching `matches` happened within `withinMs` before `events[index]`. */
export function precededBy(
  events: readonly DeviceEvent[],
  index: number,
  withinMs: number,
  matches: (event: DeviceEvent) => boolean,
): boolean {
  const to = events[index];
  if (!to) return false;
  const limit = eventTime(to) - withinMs;
  for (let i = index - 1; i >= 0; i--) {
    const event = events[i];
    if (!event || eventTime(event) < limit) return false;
    if (matches(event)) return true;
  }
  return false;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Gaps between successive event times, in ms. */
export function gapsMs(events: readonly DeviceEvent[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < events.length; i++) {
    const previous = events[i - 1];
    const current = events[i];
    if (previous && current) gaps.push(eventTime(current) - eventTime(previous));
  }
  return gaps;
}

/** `65 min`, `2.5 h`, `3 d`: a duration for the card's `{interval}` / `{window}` placeholders. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 120) return `${Math.max(minutes, 1)} min`;
  const hours = ms / HOUR_MS;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}

/**
 * Whether the gaps recur at a steady interval: at least `minGaps` gaps, and at least 75% of them
 * within ±15% of their median.
 */
export function isSteady(gaps: readonly number[], minGaps: number): boolean {
  if (gaps.length < minGaps) return false;
  const typical = median(gaps);
  if (typical <= 0) return false;
  const close = gaps.filter((gap) => Math.abs(gap - typical) <= 0.15 * typical).length;
  return close >= 0.75 * gaps.length;
}
