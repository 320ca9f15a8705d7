/**
 * Detectors format durations once, locale-neutrally ("65 min", "1.5 h", "2 d"), because a Finding is
 * plain data rendered later in either language. This turns such a value into Korean units when the
 * summary is rendered in Korean, so "약 65 min마다" reads "약 65분마다".
 */
import type { Locale } from './schema';

const KOREAN_UNITS: Readonly<Record<string, string>> = { min: '분', h: '시간', d: '일' };
const DURATION = /^(\d+(?:\.\d+)?) (min|h|d)$/;

/** Placeholders that hold a formatted duration (the others, e.g. a device id, are left alone). */
const DURATION_PLACEHOLDERS: ReadonlySet<string> = new Set(['interval', 'window']);

/** `value` in the locale's duration units when placeholder `name` holds a formatted duration, else unchanged. */
export function localizeDuration(name: string, value: string | number, locale: Locale): string | number {
  if (locale !== 'ko' || typeof value !== 'string' || !DURATION_PLACEHOLDERS.has(name)) return value;
  const match = DURATION.exec(value);
  if (!match) return value;
  return `${match[1] ?? ''}${KOREAN_UNITS[match[2] ?? ''] ?? ''}`;
}
