/**
 * Progress and summary of a log load on stderr. Progress is drawn only on a terminal (a log file
 * or a pipe would fill with carriage returns), at most ten times a second: rows, megabytes, rate
 * and the time left, so a 10-million-row load says how long it will take.
 */
import type { LoadProgress } from '../logs/local/loaders/load-log-files';
import type { LocalLogsSummary } from '../logs/local/data-source';
import type { CliIo } from './cli-io';

const PROBLEMS_SHOWN = 10;
const REDRAW_EVERY_MS = 100;
/** Rates over less than this are noise (file opening, the first chunk); no ETA before it. */
const MIN_MS_FOR_RATE = 500;

export function progressPrinter(io: CliIo): ((progress: LoadProgress) => void) | undefined {
  if (!io.isTTY) return undefined;
  let lastDrawnAt = -Infinity;
  return (progress) => {
    const done = progress.filesDone === progress.filesTotal;
    if (!done && progress.elapsedMs - lastDrawnAt < REDRAW_EVERY_MS) return;
    lastDrawnAt = progress.elapsedMs;
    if (done) {
      io.stderr.write('\r\u001b[K');
      return;
    }
    io.stderr.write(`\r\u001b[K${progressLine(progress)}`);
  };
}

/** `Loading logs… 42% (1,234,567 rows, 265 of 630 MB, 310,000 rows/s, about 3 s left)`. */
export function progressLine(progress: LoadProgress): string {
  const percent =
    progress.bytesTotal > 0 ? Math.floor((100 * progress.bytesRead) / progress.bytesTotal) : 100;
  const parts = [
    `${progress.rowsLoaded.toLocaleString('en-US')} rows`,
    `${megabytes(progress.bytesRead)} of ${megabytes(progress.bytesTotal)} MB`,
  ];
  if (progress.elapsedMs >= MIN_MS_FOR_RATE && progress.bytesRead > 0) {
    const seconds = progress.elapsedMs / 1000;
    parts.push(`${Math.round(progress.rowsLoaded / seconds).toLocaleString('en-US')} rows/s`);
    const bytesPerSecond = progress.bytesRead / seconds;
    const left = (progress.bytesTotal - progress.bytesRead) / bytesPerSecond;
    parts.push(`about ${duration(left)} left`);
  }
  return `Loading logs… ${percent}% (${parts.join(', ')})`;
}

function megabytes(bytes: number): string {
  const value = bytes / 1_000_000;
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function describeLoad(summary: LocalLogsSummary): string {
  const { load } = summary;
  const source =
    summary.source === 'demo' && summary.demo
      ? `demo data ending ${summary.demo.end.toISOString()}${summary.demo.generated ? ' (generated now)' : ''}`
      : `${load.files.length} ${load.files.length === 1 ? 'file' : 'files'}`;
  const lines = [
    `Loaded ${load.rowsLoaded.toLocaleString('en-US')} rows from ${source}` +
      (load.rowsRejected > 0 ? `; ${load.rowsRejected.toLocaleString('en-US')} rejected:` : '.'),
  ];
  // A refused file is also a problem (so callers that only read problems see it); say it once.
  const refusals = new Set(
    load.notices
      .filter((notice) => notice.kind === 'refused')
      .map((notice) => `${notice.file}\n${notice.message}`),
  );
  const problems = load.problems.filter((problem) => !refusals.has(`${problem.file}\n${problem.reason}`));
  for (const problem of problems.slice(0, PROBLEMS_SHOWN)) {
    lines.push(`  ${problem.file}:${problem.line}: ${problem.reason}`);
  }
  const hidden = problems.length - Math.min(problems.length, PROBLEMS_SHOWN) + load.problemsNotShown;
  if (hidden > 0) lines.push(`  … and ${hidden} more`);
  for (const notice of load.notices) lines.push(`${notice.file}: ${notice.message}`);
  return `${lines.join('\n')}\n`;
}
