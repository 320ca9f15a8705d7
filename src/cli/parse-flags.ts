/**
 * node:util parseArgs with errors a user can act on: every mistake becomes a UsageError that
 * names the flag and points to the command's --help.
 */
import { LOCALES, type Locale } from '../knowledge/catalog';
import { UsageError } from './cli-io';

/** Runs `parse` (a node:util parseArgs call) and turns its errors into a UsageError pointing to --help. */
export function withUsageErrors<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message.replace(/\. To specify a positional argument.*$/s, '')
        : String(error);
    throw new UsageError(`${message}\nRun \`iot-triage ${command} --help\` for the flags it takes.`);
  }
}

/** A whole number flag, or a UsageError naming the flag. */
export function integerFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  minimum: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < minimum) {
    throw new UsageError(`--${name} must be a whole number ≥ ${minimum}, got '${value}'.`);
  }
  return parsed;
}

/** An ISO 8601 date-time flag, or a UsageError naming the flag. */
export function dateFlag(name: string, value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--${name} must be an ISO 8601 date-time such as 2026-03-02T10:00:00Z, got '${value}'.`,
    );
  }
  return date;
}

/** `--locale en|ko` (the catalog's languages), or a UsageError listing them. */
export function localeFlag(value: string | undefined): Locale {
  if (value === undefined) return 'en';
  const wanted = value.trim().toLowerCase();
  const locale = LOCALES.find((candidate) => wanted === candidate || wanted.startsWith(`${candidate}-`));
  if (!locale) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}, got '${value}'.`);
  return locale;
}
