/**
 * Words every card uses, in English and Korean. Card-specific sentences live beside their mapper;
 * these are the ones that must read the same on every card (severity names, button labels, data
 * warnings), so an engineer learns them once.
 */
import type { Severity } from '../knowledge/catalog';
import type { Locale } from './card-data';

export interface CommonText {
  readonly severity: Readonly<Record<Severity, string>>;
  readonly device: string;
  readonly hub: string;
  readonly dps: string;
  readonly window: string;
  readonly showQuery: string;
  readonly showQueries: string;
  /** The deep-link button, naming the service's UI ("Log Analytics"). */
  readonly openIn: (service: string) => string;
  /** `link`: the service the query's link opens, when it has one. */
  readonly queryTooLong: (lines: number, link: string | undefined) => string;
  readonly widenWindow: (label: string) => string;
  readonly explain: (code: string) => string;
  readonly diagnoseAgain: string;
  readonly diagnose: (deviceId: string) => string;
  readonly retry: string;
  readonly partial: (message: string | undefined) => string;
  readonly truncated: (names: string) => string;
  readonly recentWindow: string;
  /** The logs start or end well inside the window: counts cover only this part of it. */
  readonly coverageShort: (from: string, to: string) => string;
  readonly localData: string;
  readonly more: (count: number) => string;
  readonly none: string;
}

export const COMMON_TEXT: Readonly<Record<Locale, CommonText>> = {
  en: {
    severity: { info: 'Info', warning: 'Warning', error: 'Error', critical: 'Critical' },
    device: 'Device',
    hub: 'IoT hub',
    dps: 'DPS',
    window: 'Window',
    showQuery: 'Show query',
    showQueries: 'Show queries',
    openIn: (service) => `Open in ${service}`,
    queryTooLong: (lines, link) =>
      `${lines} lines: too long to show on this card${link ? `; Open in ${link} has the full text` : ''}.`,
    widenWindow: (label) => `Widen to ${label}`,
    explain: (code) => `Explain ${code}`,
    diagnoseAgain: 'Diagnose again',
    diagnose: (deviceId) => `Diagnose ${deviceId}`,
    retry: 'Retry',
    partial: (message) =>
      `Partial results: the service returned only part of the data${message ? ` (${message})` : ''}. The answer may be incomplete.`,
    truncated: (names) => `Row limit reached in ${names}: only the newest rows were used.`,
    recentWindow:
      'The window ends in the last few minutes: logs arrive 2–5 minutes late, so the newest events may be missing.',
    coverageShort: (from, to) => `The data covers only ${from} – ${to} of this window.`,
    localData: 'Answered from the embedded demo/local data, not from Azure.',
    more: (count) => `${count} more`,
    none: '—',
  },
  ko: {
    severity: { info: '정보', warning: '경고', error: '오류', critical: '심각' },
    device: '장치',
    hub: 'IoT 허브',
    dps: 'DPS',
    window: '기간',
    showQuery: '쿼리 보기',
    showQueries: '쿼리 보기',
    openIn: (service) => `${service}에서 열기`,
    queryTooLong: (lines, link) =>
      `${lines}줄이라 카드에 다 싣지 못했어요${link ? `. ${link}에서 열면 전체를 볼 수 있어요` : ''}.`,
    widenWindow: (label) => `${label}로 넓히기`,
    explain: (code) => `${code} 설명`,
    diagnoseAgain: '다시 진단',
    diagnose: (deviceId) => `${deviceId} 진단`,
    retry: '다시 시도',
    partial: (message) => `일부 결과만 받았어요${message ? ` (${message})` : ''}. 답이 불완전할 수 있어요.`,
    truncated: (names) => `${names} 쿼리가 행 제한에 걸려 최신 행만 사용했어요.`,
    recentWindow: '기간이 방금 전에 끝나요. 로그는 2~5분 늦게 들어오므로 최신 이벤트가 빠졌을 수 있어요.',
    coverageShort: (from, to) => `데이터는 이 기간 중 ${from} ~ ${to}만 있어요.`,
    localData: 'Azure가 아니라 내장 데모/로컬 데이터로 답했어요.',
    more: (count) => `외 ${count}건`,
    none: '—',
  },
};

/** Adaptive Card text colours for a severity, so a glance finds the worst finding. */
export function severityColor(severity: Severity): 'Attention' | 'Warning' | 'Accent' {
  if (severity === 'critical' || severity === 'error') return 'Attention';
  if (severity === 'warning') return 'Warning';
  return 'Accent';
}

/** Shortens text for a card line, on one line. */
export function clip(text: string, maxLength: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1)}…` : oneLine;
}

/** A markdown bullet list Teams renders in a TextBlock. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}
